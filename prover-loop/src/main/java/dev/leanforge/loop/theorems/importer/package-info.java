/**
 * {@code theorems import}: new sets from benchmark JSONL ({@link dev.leanforge.loop.theorems.importer.JsonlImporter})
 * or {@code .lean} files and projects ({@link dev.leanforge.loop.theorems.importer.LeanImporter}), built in memory as
 * an {@link dev.leanforge.loop.theorems.importer.ImportedSet} and written by
 * {@link dev.leanforge.loop.theorems.importer.SetImporter}: staged, read back as any command will read it, compared
 * theorem by theorem, and only then moved into place.
 *
 * <p>Any difference refuses the whole import and leaves nothing behind. Importing never starts Lean.
 */
package dev.leanforge.loop.theorems.importer;
