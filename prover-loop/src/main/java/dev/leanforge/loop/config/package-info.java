/**
 * The settings of the long-running commands, {@code campaign run} and {@code star run}: one table per command
 * ({@link dev.leanforge.loop.config.CampaignSettings}, {@link dev.leanforge.loop.config.StarSettings}) of
 * {@link dev.leanforge.loop.config.Setting}s, each with its key, default, description and parser, read the same way
 * from a YAML file ({@link dev.leanforge.loop.config.ConfigFile}) and from the command line, and checked into a
 * {@link dev.leanforge.loop.config.CampaignConfig} or {@link dev.leanforge.loop.config.StarConfig}. Every problem is
 * collected into one {@link dev.leanforge.loop.config.ConfigException}; every number has its range in
 * {@link dev.leanforge.loop.config.Limit}.
 *
 * <p>Nothing here reads a theorem set, opens the store, starts Lean or knows picocli.
 */
package dev.leanforge.loop.config;
