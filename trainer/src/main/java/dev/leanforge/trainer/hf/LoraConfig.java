package dev.leanforge.trainer.hf;

import java.util.ArrayList;
import java.util.List;

/**
 * LoRA settings (Hu et al.; PEFT's {@code LoraConfig}): every chosen linear module {@code W} of every layer gets
 * {@code y = x·Wᵀ + (alpha / r) · B(A(dropout(x)))} with {@code A} of shape {@code [r, in]} (kaiming-uniform, as
 * PEFT initialises it) and {@code B} of shape {@code [out, r]} (zeros), so a fresh adapter changes nothing.
 *
 * @param r the rank
 * @param alpha the scale numerator ({@code lora_alpha})
 * @param dropout dropout on the adapter's input while training ({@code lora_dropout}), in [0, 1)
 * @param targets module names among {@link #MODULES}
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targets) {

    /** The linear modules of a layer an adapter can sit on, as PEFT names them in {@code target_modules}. */
    public static final List<String> MODULES =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    /** PEFT's usual settings for a causal LM: r 16, alpha 32, dropout 0.05, every projection. */
    public static LoraConfig defaults() {
        return new LoraConfig(16, 32, 0.05, MODULES);
    }

    public LoraConfig {
        List<String> wrong = new ArrayList<>();
        if (r < 1) {
            wrong.add("r must be at least 1, got " + r);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            wrong.add("lora_alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            wrong.add("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targets == null || targets.isEmpty()) {
            wrong.add("target_modules is empty");
        } else {
            for (String t : targets) {
                if (!MODULES.contains(t)) {
                    wrong.add("unknown target module \"" + t + "\" (known: " + String.join(", ", MODULES) + ")");
                }
            }
            if (targets.stream().distinct().count() != targets.size()) {
                wrong.add("target_modules lists a module twice: " + targets);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("LoRA: " + String.join("; ", wrong));
        }
        targets = List.copyOf(targets);
    }

    /** {@code alpha / r}, the factor the adapter's output is multiplied by. */
    public double scale() {
        return alpha / r;
    }

    /** Whether {@code module} ({@code q_proj}, …) carries an adapter. */
    public boolean targets(String module) {
        return targets.contains(module);
    }

    /** The full module name, {@code model.layers.N.self_attn.q_proj} or {@code model.layers.N.mlp.gate_proj}. */
    public static String moduleName(int layer, String module) {
        String block = module.equals("gate_proj") || module.equals("up_proj") || module.equals("down_proj")
                ? "mlp." : "self_attn.";
        return "model.layers." + layer + "." + block + module;
    }

    /** Adapter parameters of {@code config}'s model: one {@code A [r, in]} and one {@code B [out, r]} per module. */
    public long parameterCount(HfConfig config) {
        long n = 0;
        for (String m : targets) {
            long[] shape = HfModel.parameterShapes(config).get(moduleName(0, m) + ".weight");
            n += (long) r * (shape[0] + shape[1]);
        }
        return n * config.layers();
    }
}
