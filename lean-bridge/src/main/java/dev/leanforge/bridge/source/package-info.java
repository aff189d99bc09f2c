/**
 * Lean source as Lean's own parser reads it: a lexer that follows Lean's grammar and reports what it cannot read
 * with certainty, dotted names, and line/column positions.
 */
package dev.leanforge.bridge.source;
