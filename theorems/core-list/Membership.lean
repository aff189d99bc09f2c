-- leanforge core-list: core Lean 4 only, no imports

/-- The head of a list is a member. -/
theorem list_mem_cons_self_ex {α : Type} (a : α) (l : List α) : a ∈ a :: l := by sorry

/-- Members of the tail are members of the list. -/
theorem list_mem_cons_of_mem_ex {α : Type} (a b : α) (l : List α) : a ∈ l → a ∈ b :: l := by sorry

/-- Membership in an append. -/
theorem list_mem_append_iff_ex {α : Type} (a : α) (l1 l2 : List α) : a ∈ l1 ++ l2 ↔ a ∈ l1 ∨ a ∈ l2 := by sorry

/-- Nothing is a member of the empty list. -/
theorem list_not_mem_nil_ex {α : Type} (a : α) : ¬a ∈ ([] : List α) := by sorry

/-- Membership in a singleton is equality. -/
theorem list_mem_singleton_iff_ex {α : Type} (a b : α) : a ∈ [b] ↔ a = b := by sorry

/-- Reversing preserves membership. -/
theorem list_mem_reverse_iff_ex {α : Type} (a : α) (l : List α) : a ∈ l.reverse ↔ a ∈ l := by sorry

/-- Members of the left part are members of an append. -/
theorem list_mem_append_left_ex {α : Type} (a : α) (l1 l2 : List α) : a ∈ l1 → a ∈ l1 ++ l2 := by sorry

/-- The image of a member is a member of the mapped list. -/
theorem list_mem_map_of_mem_ex {α β : Type} (f : α → β) (a : α) (l : List α) : a ∈ l → f a ∈ l.map f := by sorry

/-- Membership in a filtered list. -/
theorem list_mem_filter_iff_ex {α : Type} (p : α → Bool) (a : α) (l : List α) : a ∈ l.filter p ↔ a ∈ l ∧ p a = true := by sorry

/-- A list of positive length has a member. -/
theorem list_exists_mem_of_length_pos_ex {α : Type} (l : List α) : 0 < l.length → ∃ a, a ∈ l := by sorry

/-- A property of every member of a cons. -/
theorem list_forall_mem_cons_ex {α : Type} (P : α → Prop) (a : α) (l : List α) :
    (∀ x ∈ a :: l, P x) ↔ P a ∧ ∀ x ∈ l, P x := by sorry

/-- Members of a filtered list are members of the list. -/
theorem list_mem_of_mem_filter_ex {α : Type} (p : α → Bool) (a : α) (l : List α) : a ∈ l.filter p → a ∈ l := by sorry

/-- A list with a member has positive length. -/
theorem list_length_pos_of_mem_ex {α : Type} (a : α) (l : List α) : a ∈ l → 0 < l.length := by sorry

/-- Membership in a mapped list. -/
theorem list_mem_map_iff_ex {α β : Type} (f : α → β) (b : β) (l : List α) : b ∈ l.map f ↔ ∃ a, a ∈ l ∧ f a = b := by sorry

/-- List.all is true exactly when every member satisfies the predicate. -/
theorem list_all_eq_true_iff_ex {α : Type} (p : α → Bool) (l : List α) : l.all p = true ↔ ∀ x ∈ l, p x = true := by sorry

/-- List.any is true exactly when some member satisfies the predicate. -/
theorem list_any_eq_true_iff_ex {α : Type} (p : α → Bool) (l : List α) : l.any p = true ↔ ∃ x ∈ l, p x = true := by sorry

/-- A witness in an append lies in one of the parts. -/
theorem list_exists_mem_append_ex {α : Type} (P : α → Prop) (l1 l2 : List α) :
    (∃ x ∈ l1 ++ l2, P x) ↔ (∃ x ∈ l1, P x) ∨ (∃ x ∈ l2, P x) := by sorry

/-- A list is empty exactly when nothing is a member. -/
theorem list_eq_nil_iff_forall_not_mem_ex {α : Type} (l : List α) : l = [] ↔ ∀ a, a ∉ l := by sorry

/-- A list of length two is a pair. -/
theorem list_length_eq_two_ex {α : Type} (l : List α) : l.length = 2 → ∃ a b, l = [a, b] := by sorry

/-- A member splits a list into a prefix and a suffix starting with it. -/
theorem list_mem_split_ex {α : Type} (a : α) (l : List α) : a ∈ l → ∃ s t, l = s ++ a :: t := by sorry
