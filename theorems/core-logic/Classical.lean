-- leanforge core-logic: core Lean 4 only, no imports

/-- Boolean and is commutative. -/
theorem logic_bool_and_comm (a b : Bool) : (a && b) = (b && a) := by sorry

/-- Every Boolean is true or false. -/
theorem logic_bool_eq_true_or_false (b : Bool) : b = true ∨ b = false := by sorry

/-- Boolean or distributes over Boolean and. -/
theorem logic_bool_or_and_distrib (a b c : Bool) : (a || (b && c)) = ((a || b) && (a || c)) := by sorry

/-- De Morgan's law for Booleans. -/
theorem logic_bool_de_morgan (a b : Bool) : (!(a && b)) = (!a || !b) := by sorry

/-- Double negation elimination (classical). -/
theorem logic_double_neg_elim (p : Prop) : ¬¬p → p := by sorry

/-- Proof by cases on excluded middle. -/
theorem logic_em_cases (p q : Prop) : (p → q) → (¬p → q) → q := by sorry

/-- Peirce's law. -/
theorem logic_peirce (p q : Prop) : ((p → q) → p) → p := by sorry

/-- De Morgan for conjunction (classical). -/
theorem logic_not_and_iff_classical (p q : Prop) : ¬(p ∧ q) ↔ ¬p ∨ ¬q := by sorry

/-- Material implication (classical). -/
theorem logic_imp_iff_not_or (p q : Prop) : (p → q) ↔ ¬p ∨ q := by sorry

/-- An implication is equivalent to its contrapositive (classical). -/
theorem logic_contrapositive_iff (p q : Prop) : (¬q → ¬p) ↔ (p → q) := by sorry

/-- A disjunction as an implication from the negated left side (classical). -/
theorem logic_or_iff_not_imp (p q : Prop) : p ∨ q ↔ (¬p → q) := by sorry

/-- A failed implication has a true premise and a false conclusion (classical). -/
theorem logic_not_imp_iff (p q : Prop) : ¬(p → q) ↔ p ∧ ¬q := by sorry
