package dev.leanforge.loop.store;

/** Where a campaign stands. A campaign killed mid-run stays {@code RUNNING}: that is what marks it resumable. */
public enum CampaignStatus { RUNNING, FINISHED, FAILED }
