package dev.leanforge.trainer.hf;

import java.util.Map;

/**
 * A plain-Java, double-precision forward pass of the Llama family, written independently of {@link HfModel} (no DJL)
 * from transformers' modeling files: {@code LlamaRMSNorm}, {@code LlamaRotaryEmbedding} with
 * {@code modeling_rope_utils}' default / linear / llama3 inverse frequencies, {@code rotate_half},
 * {@code repeat_kv}, eager attention with a causal mask, {@code LlamaMLP}, Qwen2's q/k/v biases and Qwen3's
 * {@code q_norm}/{@code k_norm} applied per head before the rotation.
 */
final class HfReference {

    private final HfConfig c;
    private final Map<String, float[]> w;
    private final double[] invFreq;

    HfReference(HfConfig config, Map<String, float[]> weights) {
        this.c = config;
        this.w = weights;
        this.invFreq = inverseFrequencies(config);
    }

    /** modeling_rope_utils, in double. */
    static double[] inverseFrequencies(HfConfig c) {
        int dim = c.headDim();
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / dim);
        }
        HfConfig.RopeScaling s = c.ropeScaling();
        if (s.type() == HfConfig.RopeScaling.Type.LINEAR) {
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= s.factor();
            }
        } else if (s.type() == HfConfig.RopeScaling.Type.LLAMA3) {
            double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
            double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                double llama = wavelen > lowWavelen ? inv[i] / s.factor() : inv[i];
                double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                double smoothed = (1 - smooth) * llama / s.factor() + smooth * llama;
                boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
                inv[i] = medium ? smoothed : llama;
            }
        }
        return inv;
    }

    /** Logits {@code [T][V]} for {@code ids} at positions {@code 0 … T-1}. */
    double[][] logits(int[] ids) {
        int t = ids.length;
        int h = c.hidden();
        double[][] x = new double[t][];
        float[] embed = w.get("model.embed_tokens.weight");
        for (int i = 0; i < t; i++) {
            x[i] = new double[h];
            for (int j = 0; j < h; j++) {
                x[i][j] = embed[ids[i] * h + j];
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            x = layer(l, x);
        }
        float[] out = c.tieEmbeddings() ? embed : w.get("lm_head.weight");
        double[][] logits = new double[t][];
        for (int i = 0; i < t; i++) {
            logits[i] = linear(rms(x[i], w.get("model.norm.weight")), out, null, c.vocabSize(), h);
        }
        return logits;
    }

    static double[] logSoftmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (double d : v) {
            sum += Math.exp(d - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - log;
        }
        return out;
    }

    private double[][] layer(int l, double[][] x) {
        String p = "model.layers." + l + ".";
        String a = p + "self_attn.";
        String m = p + "mlp.";
        int t = x.length;
        int h = c.hidden();
        int heads = c.heads();
        int kvHeads = c.kvHeads();
        int d = c.headDim();
        double[][][] q = new double[t][][];
        double[][][] k = new double[t][][];
        double[][][] v = new double[t][][];
        for (int i = 0; i < t; i++) {
            double[] n = rms(x[i], w.get(p + "input_layernorm.weight"));
            q[i] = split(linear(n, w.get(a + "q_proj.weight"), w.get(a + "q_proj.bias"), heads * d, h), heads, d);
            k[i] = split(linear(n, w.get(a + "k_proj.weight"), w.get(a + "k_proj.bias"), kvHeads * d, h), kvHeads, d);
            v[i] = split(linear(n, w.get(a + "v_proj.weight"), w.get(a + "v_proj.bias"), kvHeads * d, h), kvHeads, d);
            for (int j = 0; j < heads; j++) {
                if (w.containsKey(a + "q_norm.weight")) {
                    q[i][j] = rms(q[i][j], w.get(a + "q_norm.weight"));
                }
                q[i][j] = rope(q[i][j], i);
            }
            for (int j = 0; j < kvHeads; j++) {
                if (w.containsKey(a + "k_norm.weight")) {
                    k[i][j] = rms(k[i][j], w.get(a + "k_norm.weight"));
                }
                k[i][j] = rope(k[i][j], i);
            }
        }
        double[][] out = new double[t][];
        int rep = heads / kvHeads;
        for (int i = 0; i < t; i++) {
            double[] y = new double[heads * d];
            for (int j = 0; j < heads; j++) {
                int g = j / rep; // repeat_kv: query head j reads key/value head j // n_rep
                double[] s = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int u = 0; u <= i; u++) {
                    double dot = 0;
                    for (int e = 0; e < d; e++) {
                        dot += q[i][j][e] * k[u][g][e];
                    }
                    s[u] = dot / Math.sqrt(d);
                    max = Math.max(max, s[u]);
                }
                double sum = 0;
                for (int u = 0; u <= i; u++) {
                    s[u] = Math.exp(s[u] - max);
                    sum += s[u];
                }
                for (int u = 0; u <= i; u++) {
                    for (int e = 0; e < d; e++) {
                        y[j * d + e] += s[u] / sum * v[u][g][e];
                    }
                }
            }
            double[] o = linear(y, w.get(a + "o_proj.weight"), w.get(a + "o_proj.bias"), h, heads * d);
            double[] r = new double[h];
            for (int e = 0; e < h; e++) {
                r[e] = x[i][e] + o[e];
            }
            double[] n = rms(r, w.get(p + "post_attention_layernorm.weight"));
            int inter = c.intermediate();
            double[] gate = linear(n, w.get(m + "gate_proj.weight"), w.get(m + "gate_proj.bias"), inter, h);
            double[] up = linear(n, w.get(m + "up_proj.weight"), w.get(m + "up_proj.bias"), inter, h);
            double[] act = new double[inter];
            for (int e = 0; e < inter; e++) {
                act[e] = gate[e] / (1 + Math.exp(-gate[e])) * up[e];
            }
            double[] down = linear(act, w.get(m + "down_proj.weight"), w.get(m + "down_proj.bias"), h, inter);
            for (int e = 0; e < h; e++) {
                r[e] += down[e];
            }
            out[i] = r;
        }
        return out;
    }

    /** q·cos + rotate_half(q)·sin, rotate_half(x) = cat(−x2, x1), cos/sin of cat(freqs, freqs). */
    private double[] rope(double[] x, int position) {
        int half = x.length / 2;
        double[] out = new double[x.length];
        for (int i = 0; i < half; i++) {
            double angle = position * invFreq[i];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            out[i] = x[i] * cos - x[i + half] * sin;
            out[i + half] = x[i + half] * cos + x[i] * sin;
        }
        return out;
    }

    private double[] rms(double[] x, float[] weight) {
        double sq = 0;
        for (double d : x) {
            sq += d * d;
        }
        double scale = 1 / Math.sqrt(sq / x.length + c.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = weight[i] * (x[i] * scale);
        }
        return out;
    }

    private static double[][] split(double[] x, int heads, int d) {
        double[][] out = new double[heads][d];
        for (int j = 0; j < heads; j++) {
            System.arraycopy(x, j * d, out[j], 0, d);
        }
        return out;
    }

    /** {@code W x + b} with {@code W} stored {@code [out, in]}. */
    private static double[] linear(double[] x, float[] weight, float[] bias, int out, int in) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                s += weight[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }
}
