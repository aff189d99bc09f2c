/**
 * A policy served over HTTP, {@code openai:URL}: {@link dev.leanforge.loop.policy.openai.OpenAiPolicy} calls the
 * OpenAI-compatible completions endpoint of vLLM, SGLang or llama.cpp's server with the JDK's HTTP client, configured
 * by {@link dev.leanforge.loop.policy.openai.OpenAiOptions} and {@link dev.leanforge.loop.policy.openai.PromptTemplate},
 * and fails with an {@link dev.leanforge.loop.policy.openai.OpenAiException} that names the URL and status. The wire
 * format is package-private.
 *
 * <p>It never loads a model, and the API key (taken from an environment variable, {@code openai-api-key-env}) is
 * sent as a bearer token but never logged, described or stored.
 */
package dev.leanforge.loop.policy.openai;
