package dev.leanforge.loop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code leanforge campaign}: search passes over theorem sets (docs/campaigns.md). */
@Command(
        name = "campaign",
        mixinStandardHelpOptions = true,
        description = "Campaigns: one search pass of a policy over a theorem set, recorded in the store and resumable.",
        subcommands = {CampaignRunCommand.class})
final class CampaignCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
