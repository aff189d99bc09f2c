-- leanforge core-logic: core Lean 4 only, no imports

/-- Every proposition implies itself. -/
theorem logic_imp_self (p : Prop) : p → p := by sorry

/-- The left component of a conjunction. -/
theorem logic_and_left (p q : Prop) : p ∧ q → p := by sorry

/-- Two proofs make a conjunction. -/
theorem logic_and_intro (p q : Prop) : p → q → p ∧ q := by sorry

/-- Ex falso quodlibet. -/
theorem logic_false_elim (p : Prop) : False → p := by sorry

/-- Implication is transitive. -/
theorem logic_imp_trans (p q r : Prop) : (p → q) → (q → r) → p → r := by sorry

/-- Conjunction is idempotent. -/
theorem logic_and_self_iff (p : Prop) : p ∧ p ↔ p := by sorry

/-- Disjunction is idempotent. -/
theorem logic_or_self_iff (p : Prop) : p ∨ p ↔ p := by sorry

/-- Logical equivalence is transitive. -/
theorem logic_iff_trans_ex (p q r : Prop) : (p ↔ q) → (q ↔ r) → (p ↔ r) := by sorry

/-- Conjunction is commutative. -/
theorem logic_and_comm_iff (p q : Prop) : p ∧ q ↔ q ∧ p := by sorry

/-- Disjunction is commutative. -/
theorem logic_or_comm_iff (p q : Prop) : p ∨ q ↔ q ∨ p := by sorry

/-- Conjunction is associative. -/
theorem logic_and_assoc_iff (p q r : Prop) : (p ∧ q) ∧ r ↔ p ∧ (q ∧ r) := by sorry

/-- If p implies q and q fails, then p fails. -/
theorem logic_modus_tollens (p q : Prop) : (p → q) → ¬q → ¬p := by sorry

/-- A true proposition is not false. -/
theorem logic_not_not_intro (p : Prop) : p → ¬¬p := by sorry

/-- No proposition holds together with its negation. -/
theorem logic_not_and_not_self (p : Prop) : ¬(p ∧ ¬p) := by sorry

/-- Currying: a conjunctive hypothesis is a pair of hypotheses. -/
theorem logic_curry_iff (p q r : Prop) : (p ∧ q → r) ↔ (p → q → r) := by sorry

/-- Implication distributes over conjunction on the right. -/
theorem logic_imp_and_iff (p q r : Prop) : (p → q ∧ r) ↔ (p → q) ∧ (p → r) := by sorry

/-- A disjunctive hypothesis splits into two implications. -/
theorem logic_or_imp_iff (p q r : Prop) : (p ∨ q → r) ↔ (p → r) ∧ (q → r) := by sorry

/-- De Morgan: not (p or q) is (not p) and (not q). -/
theorem logic_not_or_iff (p q : Prop) : ¬(p ∨ q) ↔ ¬p ∧ ¬q := by sorry

/-- The constructive half of De Morgan for conjunction. -/
theorem logic_not_and_of_not_or_not (p q : Prop) : ¬p ∨ ¬q → ¬(p ∧ q) := by sorry

/-- If p refutes itself, p is false. -/
theorem logic_imp_not_self (p : Prop) : (p → ¬p) → ¬p := by sorry

/-- Logical equivalence is symmetric. -/
theorem logic_iff_comm_iff (p q : Prop) : (p ↔ q) ↔ (q ↔ p) := by sorry

/-- Disjunction is associative. -/
theorem logic_or_assoc_iff (p q r : Prop) : (p ∨ q) ∨ r ↔ p ∨ (q ∨ r) := by sorry

/-- Conjunction distributes over disjunction. -/
theorem logic_and_or_distrib (p q r : Prop) : p ∧ (q ∨ r) ↔ (p ∧ q) ∨ (p ∧ r) := by sorry

/-- Disjunction distributes over conjunction. -/
theorem logic_or_and_distrib (p q r : Prop) : p ∨ (q ∧ r) ↔ (p ∨ q) ∧ (p ∨ r) := by sorry

/-- Excluded middle cannot be refuted, even constructively. -/
theorem logic_not_not_em (p : Prop) : ¬¬(p ∨ ¬p) := by sorry

/-- Triple negation reduces to single negation. -/
theorem logic_triple_neg (p : Prop) : ¬¬¬p → ¬p := by sorry

/-- No proposition is equivalent to its own negation. -/
theorem logic_not_iff_not_self (p : Prop) : ¬(p ↔ ¬p) := by sorry
