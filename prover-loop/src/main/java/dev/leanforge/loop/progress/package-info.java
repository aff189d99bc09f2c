/**
 * The progress event of a running campaign, {@link dev.leanforge.loop.progress.CampaignProgress}: published on the
 * event bus at {@link dev.leanforge.loop.progress.CampaignProgress#ADDRESS}, read by the progress bar, the dashboard
 * and its meters.
 *
 * <p>A value with running totals, so a reader that missed events still shows the right numbers; publishing it is
 * the campaign's job, not this package's.
 */
package dev.leanforge.loop.progress;
