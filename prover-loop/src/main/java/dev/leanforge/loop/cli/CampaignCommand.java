package dev.leanforge.loop.cli;

import picocli.CommandLine.Command;

/** {@code leanforge campaign}: search passes over theorem sets (docs/campaigns.md). */
@Command(
        name = "campaign",
        mixinStandardHelpOptions = true,
        description = "Campaigns: one search pass of a policy over a theorem set, recorded in the store and resumable; "
                + "list, show and export the ones a store holds.",
        subcommands = {CampaignRunCommand.class, CampaignResultsCommands.ListCommand.class,
            CampaignResultsCommands.ShowCommand.class, CampaignResultsCommands.ExportCommand.class})
final class CampaignCommand {
}
