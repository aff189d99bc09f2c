-- leanforge core-list: core Lean 4 only, no imports

/-- Mapping over a cons. -/
theorem list_map_cons_ex {α β : Type} (f : α → β) (a : α) (l : List α) : (a :: l).map f = f a :: l.map f := by sorry

/-- Mapping the identity function. -/
theorem list_map_id_ex {α : Type} (l : List α) : l.map id = l := by sorry

/-- Mapping preserves length. -/
theorem list_length_map_ex {α β : Type} (f : α → β) (l : List α) : (l.map f).length = l.length := by sorry

/-- Map distributes over append. -/
theorem list_map_append_ex {α β : Type} (f : α → β) (l1 l2 : List α) : (l1 ++ l2).map f = l1.map f ++ l2.map f := by sorry

/-- Filter distributes over append. -/
theorem list_filter_append_ex {α : Type} (p : α → Bool) (l1 l2 : List α) :
    (l1 ++ l2).filter p = l1.filter p ++ l2.filter p := by sorry

/-- Filtering with the always-true predicate. -/
theorem list_filter_true_ex {α : Type} (l : List α) : l.filter (fun _ => true) = l := by sorry

/-- Filtering with the always-false predicate. -/
theorem list_filter_false_ex {α : Type} (l : List α) : l.filter (fun _ => false) = [] := by sorry

/-- Mapping a constant function preserves length. -/
theorem list_length_map_const {α β : Type} (l : List α) (b : β) : (l.map (fun _ => b)).length = l.length := by sorry

/-- Mapping twice is mapping the composition. -/
theorem list_map_map_ex {α β γ : Type} (f : α → β) (g : β → γ) (l : List α) : (l.map f).map g = l.map (g ∘ f) := by sorry

/-- Map commutes with reverse. -/
theorem list_map_reverse_ex {α β : Type} (f : α → β) (l : List α) : l.reverse.map f = (l.map f).reverse := by sorry

/-- A mapped list is empty exactly when the list is. -/
theorem list_map_eq_nil_iff_ex {α β : Type} (f : α → β) (l : List α) : l.map f = [] ↔ l = [] := by sorry

/-- Mapping over a constant list. -/
theorem list_map_replicate_ex {α β : Type} (f : α → β) (n : Nat) (a : α) :
    (List.replicate n a).map f = List.replicate n (f a) := by sorry

/-- A zip is as long as the shorter list. -/
theorem list_length_zip_ex {α β : Type} (l1 : List α) (l2 : List β) :
    (l1.zip l2).length = min l1.length l2.length := by sorry

/-- Filtering never lengthens a list. -/
theorem list_length_filter_le_ex {α : Type} (p : α → Bool) (l : List α) : (l.filter p).length ≤ l.length := by sorry

/-- Mapping a composite lambda is mapping twice. -/
theorem list_map_comp_ex {α β γ : Type} (f : α → β) (g : β → γ) (l : List α) :
    l.map (fun x => g (f x)) = (l.map f).map g := by sorry

/-- Lists with equal images under a map have equal lengths. -/
theorem list_length_eq_of_map_eq {α β : Type} (f : α → β) (l1 l2 : List α) : l1.map f = l2.map f → l1.length = l2.length := by sorry

/-- Mapping an injective function is injective on lists. -/
theorem list_map_injective_ex {α β : Type} (f : α → β) (hf : ∀ a b, f a = f b → a = b) (l1 l2 : List α) :
    l1.map f = l2.map f → l1 = l2 := by sorry

/-- Filtering a mapped list is mapping a filtered list. -/
theorem list_filter_map_ex {α β : Type} (f : α → β) (p : β → Bool) (l : List α) :
    (l.map f).filter p = (l.filter (p ∘ f)).map f := by sorry

/-- A predicate and its negation split a list's length. -/
theorem list_length_filter_add_filter_not {α : Type} (p : α → Bool) (l : List α) :
    (l.filter p).length + (l.filter (fun x => !p x)).length = l.length := by sorry
