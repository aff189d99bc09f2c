/**
 * Our own byte-level BPE tokenizer, compatible with Hugging Face's {@code tokenizers} library id for id:
 * {@link dev.leanforge.trainer.tokenizer.BpeTrainer} learns a {@link dev.leanforge.trainer.tokenizer.BpeVocabulary}
 * from {@link dev.leanforge.trainer.tokenizer.WordCounts}, {@link dev.leanforge.trainer.tokenizer.TokenizerJson}
 * reads and writes it as {@code tokenizer.json}, and {@link dev.leanforge.trainer.tokenizer.BpeTokenizer} encodes
 * and decodes through the {@link dev.leanforge.trainer.tokenizer.Tokenizer} interface, with the policy's
 * {@link dev.leanforge.trainer.tokenizer.SpecialToken}s.
 *
 * <p>Plain Java, no DJL and no native code: the word split ({@link dev.leanforge.trainer.tokenizer.PreTokenizer})
 * uses ICU4J's Unicode tables, not the JDK's, so the same text gives the same ids on every JDK. The encoder, the
 * regex scanners and the UTF-8 decoding are package-private.
 */
package dev.leanforge.trainer.tokenizer;
