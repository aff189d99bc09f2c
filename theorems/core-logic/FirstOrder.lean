-- leanforge core-logic: core Lean 4 only, no imports

/-- A pointwise implication transports a universal statement. -/
theorem logic_forall_imp_forall {α : Type} (P Q : α → Prop) : (∀ x, P x → Q x) → (∀ x, P x) → ∀ x, Q x := by sorry

/-- Equality is symmetric. -/
theorem logic_eq_symm_ex {α : Type} (a b : α) : a = b → b = a := by sorry

/-- Sixteen is a perfect square. -/
theorem logic_exists_nat_square : ∃ n : Nat, n * n = 16 := by sorry

/-- A universal conjunction splits into two universal statements. -/
theorem logic_forall_and_iff {α : Type} (P Q : α → Prop) : (∀ x, P x ∧ Q x) ↔ (∀ x, P x) ∧ (∀ x, Q x) := by sorry

/-- A common witness gives two existential statements. -/
theorem logic_exists_and_imp {α : Type} (P Q : α → Prop) : (∃ x, P x ∧ Q x) → (∃ x, P x) ∧ (∃ x, Q x) := by sorry

/-- A disjunction of universals gives a universal disjunction. -/
theorem logic_forall_or_of_or_forall {α : Type} (P Q : α → Prop) : (∀ x, P x) ∨ (∀ x, Q x) → ∀ x, P x ∨ Q x := by sorry

/-- Nothing satisfies P exactly when everything fails P. -/
theorem logic_not_exists_iff {α : Type} (P : α → Prop) : (¬∃ x, P x) ↔ ∀ x, ¬P x := by sorry

/-- A counterexample refutes a universal statement. -/
theorem logic_not_forall_of_exists_not {α : Type} (P : α → Prop) : (∃ x, ¬P x) → ¬∀ x, P x := by sorry

/-- Universal quantifiers commute. -/
theorem logic_forall_swap {α β : Type} (R : α → β → Prop) : (∀ x y, R x y) ↔ (∀ y x, R x y) := by sorry

/-- Existential quantifiers commute. -/
theorem logic_exists_swap {α β : Type} (R : α → β → Prop) : (∃ x y, R x y) ↔ (∃ y x, R x y) := by sorry

/-- A pointwise implication transports an existential statement. -/
theorem logic_exists_imp_exists {α : Type} (P Q : α → Prop) : (∀ x, P x → Q x) → (∃ x, P x) → ∃ x, Q x := by sorry

/-- Quantifying a constant proposition over an inhabited type changes nothing. -/
theorem logic_forall_const_iff {α : Type} [Inhabited α] (p : Prop) : (∀ _ : α, p) ↔ p := by sorry

/-- An existential over an inhabited type with a constant body is that body. -/
theorem logic_exists_const_iff {α : Type} [Inhabited α] (p : Prop) : (∃ _ : α, p) ↔ p := by sorry

/-- Functions respect equality. -/
theorem logic_congr_arg_ex {α β : Type} (f : α → β) (a b : α) : a = b → f a = f b := by sorry

/-- A universal statement and a counterexample are contradictory. -/
theorem logic_forall_exists_contra {α : Type} (P : α → Prop) : (∀ x, P x) → (∃ x, ¬P x) → False := by sorry

/-- There is no largest natural number. -/
theorem logic_nat_exists_gt : ∀ n : Nat, ∃ m, n < m := by sorry

/-- Not every natural number is zero. -/
theorem logic_not_all_nat_zero : ¬∀ n : Nat, n = 0 := by sorry

/-- An exists-forall statement implies the forall-exists one. -/
theorem logic_exists_forall_swap {α β : Type} (R : α → β → Prop) : (∃ x, ∀ y, R x y) → ∀ y, ∃ x, R x y := by sorry

/-- Existential quantification distributes over disjunction. -/
theorem logic_exists_or_iff {α : Type} (P Q : α → Prop) : (∃ x, P x ∨ Q x) ↔ (∃ x, P x) ∨ (∃ x, Q x) := by sorry

/-- A predicate that holds exactly at a holds at a, and only there. -/
theorem logic_unique_witness {α : Type} (P : α → Prop) (a : α) : (∀ x, P x ↔ x = a) → P a ∧ ∀ y, P y → y = a := by sorry

/-- A statement about everything equal to a is a statement about a. -/
theorem logic_forall_eq_imp_iff {α : Type} (P : α → Prop) (a : α) : (∀ x, x = a → P x) ↔ P a := by sorry

/-- Every natural number is twice a quotient plus a remainder below two. -/
theorem logic_nat_div_mod_exists : ∀ n : Nat, ∃ q r, r < 2 ∧ n = 2 * q + r := by sorry

/-- Two is the unique natural number solving n + 3 = 5. -/
theorem logic_exists_unique_nat : ∃ n : Nat, n + 3 = 5 ∧ ∀ m, m + 3 = 5 → m = n := by sorry

/-- A false universal statement has a counterexample (classical). -/
theorem logic_exists_not_of_not_forall {α : Type} (P : α → Prop) : (¬∀ x, P x) → ∃ x, ¬P x := by sorry

/-- The drinker paradox: in a nonempty pub someone drinks only if everyone drinks. -/
theorem logic_drinker {α : Type} [Inhabited α] (P : α → Prop) : ∃ x, P x → ∀ y, P y := by sorry

/-- Over an inhabited type, some x with P x → Q is the same as (∀ x, P x) → Q (classical). -/
theorem logic_exists_imp_iff_forall_imp {α : Type} [Inhabited α] (P : α → Prop) (Q : Prop) : (∃ x, P x → Q) ↔ ((∀ x, P x) → Q) := by sorry

/-- The barber paradox: nobody relates to exactly those who do not relate to themselves. -/
theorem logic_barber {α : Type} (R : α → α → Prop) : ¬∃ b, ∀ x, R b x ↔ ¬R x x := by sorry
