package dev.leanforge.loop.policy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.policy.PolicyIdentity;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.loop.policy.PolicySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing {@code openai:URL} and its settings; nothing here connects to a server. */
class OpenAiPolicyKindTest {

    private static final PolicySettings MODEL = new PolicySettings(OpenAiOptions.DEFAULTS.withModel("prover"));

    @Test
    void theUrlMayNameTheServerItsV1OrTheEndpointAndAllDescribeTheSamePolicy() {
        for (String url : List.of("http://gpu1:8000", "http://gpu1:8000/", "http://gpu1:8000/v1",
                "http://gpu1:8000/v1/", "http://gpu1:8000/v1/completions")) {
            assertThat(PolicyKinds.prepare("openai:" + url, MODEL).description()).as(url)
                    .isEqualTo("openai:http://gpu1:8000/v1/completions model=prover");
        }
        assertThat(OpenAiPolicyKind.completionsUri("https://proxy.example/llm/v1").toString())
                .isEqualTo("https://proxy.example/llm/v1/completions");
    }

    @Test
    void whatChangesTheTextSentChangesTheDescriptionTheRestDoesNot() {
        OpenAiOptions base = OpenAiOptions.DEFAULTS.withModel("prover");
        String plain = new OpenAiPolicyKind(name -> "sk-secret").prepare("http://h:1",
                new PolicySettings(base)).description();
        OpenAiOptions operational = new OpenAiOptions(base.model(), base.template(), base.stop(),
                Optional.of("KEY"), Duration.ofSeconds(1), 9, false, 1);
        String withKey = new OpenAiPolicyKind(name -> "sk-secret").prepare("http://h:1",
                new PolicySettings(operational)).description();
        OpenAiOptions templated = new OpenAiOptions(base.model(), new PromptTemplate("```lean4\n{prompt}"),
                List.of("```"), Optional.empty(), base.timeout(), base.retries(), true, 0);
        String other = new OpenAiPolicyKind(name -> null).prepare("http://h:1", new PolicySettings(templated))
                .description();

        assertThat(withKey).isEqualTo(plain).doesNotContain("sk-secret", "KEY");
        assertThat(other).matches("openai:http://h:1/v1/completions model=prover template=[0-9a-f]{12} "
                + "stop=\\[\"```\"]");
        assertThat(PolicyKinds.prepare("openai:http://h:1", new PolicySettings(base.withModel("other")))
                .description()).isNotEqualTo(plain);
    }

    @Test
    void theIdentityAWorkerMustMatchAddsLogprobsAndMaxNButNotTheKeyTimeoutOrRetries() {
        OpenAiOptions base = OpenAiOptions.DEFAULTS.withModel("prover");
        PolicyIdentity plain = PolicyKinds.prepare("openai:http://h:1", new PolicySettings(base)).id();
        OpenAiOptions local = new OpenAiOptions(base.model(), base.template(), base.stop(), Optional.of("KEY"),
                Duration.ofSeconds(1), 9, base.logprobs(), base.maxN());
        OpenAiOptions noLogprobs = new OpenAiOptions(base.model(), base.template(), base.stop(), base.apiKeyEnv(),
                base.timeout(), base.retries(), false, base.maxN());
        OpenAiOptions oneAtATime = new OpenAiOptions(base.model(), base.template(), base.stop(), base.apiKeyEnv(),
                base.timeout(), base.retries(), base.logprobs(), 1);

        assertThat(plain.identity()).isEqualTo("openai:http://h:1/v1/completions model=prover logprobs=true "
                + "max-n=0");
        assertThat(new OpenAiPolicyKind(name -> "sk-secret").prepare("http://h:1/v1", new PolicySettings(local))
                .id()).as("what is local to a machine").isEqualTo(plain);
        for (OpenAiOptions shaping : List.of(noLogprobs, oneAtATime)) {
            PolicyIdentity other = PolicyKinds.prepare("openai:http://h:1", new PolicySettings(shaping)).id();
            assertThat(other.description()).as("the same campaign in the store").isEqualTo(plain.description());
            assertThat(other.identity()).as("not the same completions").isNotEqualTo(plain.identity());
        }
    }

    @Test
    void badUrlsMissingModelsAndUnsetKeysAreRefusedBeforeAnythingOpens() {
        assertThatThrownBy(() -> PolicyKinds.prepare("openai:ftp://h/v1", MODEL))
                .hasMessage("openai:URL needs the server's http(s) URL, e.g. openai:http://127.0.0.1:8000 or "
                        + "openai:http://127.0.0.1:8000/v1 (no query or fragment); got \"ftp://h/v1\"");
        assertThatThrownBy(() -> PolicyKinds.prepare("openai:localhost:8000", MODEL))
                .hasMessageEndingWith("got \"localhost:8000\"");
        assertThatThrownBy(() -> PolicyKinds.prepare("openai:http://h:8000/v1?x=1", MODEL))
                .hasMessageContaining("no query or fragment");
        assertThatThrownBy(() -> PolicyKinds.prepare("openai:http://me:sk-secret@h:8000", MODEL))
                .hasMessageStartingWith("openai:URL must not carry credentials")
                .message().doesNotContain("sk-secret");
        assertThatThrownBy(() -> PolicyKinds.prepare("openai:http://h:8000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("openai:http://h:8000 needs the name of the model the server serves: give "
                        + "--openai-model NAME");
        PolicySettings keyed = new PolicySettings(new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN,
                List.of(), Optional.of("PROVER_KEY"), Duration.ofSeconds(1), 0, true, 0));
        assertThatThrownBy(() -> new OpenAiPolicyKind(Map.of("OTHER", "x")::get).prepare("http://h:1", keyed))
                .hasMessage("openai-api-key-env names PROVER_KEY, but that environment variable is not set (or is "
                        + "empty): export PROVER_KEY=… with the key");
    }

    @Test
    void theKindIsBuiltIn() {
        assertThatThrownBy(() -> PolicyKinds.prepare("gpt:x")).hasMessageContaining("; openai:URL (an "
                + "OpenAI-compatible completions server: vLLM, SGLang, llama.cpp; needs openai-model)");
    }

    @Test
    void aTemplateHasThePromptPlaceholderExactlyOnceAndKeepsLeanBraces() {
        PromptTemplate template = new PromptTemplate("-- {x : Nat} is literal\n{prompt}");

        assertThat(template.apply("theorem t {n : Nat} : n = n :="))
                .isEqualTo("-- {x : Nat} is literal\ntheorem t {n : Nat} : n = n :=");
        assertThatThrownBy(() -> new PromptTemplate("{header}\n{statement}"))
                .hasMessageStartingWith("must contain {prompt} exactly once");
        assertThatThrownBy(() -> new PromptTemplate("{prompt}{prompt}"))
                .hasMessageStartingWith("must contain {prompt} exactly once");
    }
}
