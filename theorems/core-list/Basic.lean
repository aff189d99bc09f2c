-- leanforge core-list: core Lean 4 only, no imports

/-- Appending to the empty list. -/
theorem list_nil_append_ex {α : Type} (l : List α) : [] ++ l = l := by sorry

/-- The length of a cons. -/
theorem list_length_cons_ex {α : Type} (a : α) (l : List α) : (a :: l).length = l.length + 1 := by sorry

/-- Reversing a singleton does nothing. -/
theorem list_reverse_singleton_ex {α : Type} (a : α) : [a].reverse = [a] := by sorry

/-- Reversing preserves length. -/
theorem list_length_reverse_ex {α : Type} (l : List α) : l.reverse.length = l.length := by sorry

/-- Reversing twice is the identity. -/
theorem list_reverse_reverse_ex {α : Type} (l : List α) : l.reverse.reverse = l := by sorry

/-- The reverse of an append swaps and reverses the parts. -/
theorem list_reverse_append_ex {α : Type} (l1 l2 : List α) : (l1 ++ l2).reverse = l2.reverse ++ l1.reverse := by sorry

/-- The reverse of a cons puts the head last. -/
theorem list_reverse_cons_ex {α : Type} (a : α) (l : List α) : (a :: l).reverse = l.reverse ++ [a] := by sorry

/-- A cons has positive length. -/
theorem list_length_cons_pos {α : Type} (a : α) (l : List α) : 0 < (a :: l).length := by sorry

/-- replicate n a has length n. -/
theorem list_length_replicate_ex {α : Type} (n : Nat) (a : α) : (List.replicate n a).length = n := by sorry

/-- Taking and dropping at the same index splits a list. -/
theorem list_take_append_drop_ex {α : Type} (n : Nat) (l : List α) : l.take n ++ l.drop n = l := by sorry

/-- Dropping n elements shortens a list by n (truncated). -/
theorem list_length_drop_ex {α : Type} (n : Nat) (l : List α) : (l.drop n).length = l.length - n := by sorry

/-- Appending the empty list. -/
theorem list_append_nil_ex {α : Type} (l : List α) : l ++ [] = l := by sorry

/-- Append is associative. -/
theorem list_append_assoc_ex {α : Type} (l1 l2 l3 : List α) : l1 ++ l2 ++ l3 = l1 ++ (l2 ++ l3) := by sorry

/-- The length of an append is the sum of the lengths. -/
theorem list_length_append_ex {α : Type} (l1 l2 : List α) : (l1 ++ l2).length = l1.length + l2.length := by sorry

/-- Only the empty list has length zero. -/
theorem list_eq_nil_of_length_eq_zero_ex {α : Type} (l : List α) : l.length = 0 → l = [] := by sorry

/-- Appending in either order gives the same length. -/
theorem list_length_append_comm {α : Type} (l1 l2 : List α) : (l1 ++ l2).length = (l2 ++ l1).length := by sorry

/-- A reversed list is empty exactly when the list is. -/
theorem list_reverse_eq_nil_iff_ex {α : Type} (l : List α) : l.reverse = [] ↔ l = [] := by sorry

/-- The length of a reversed list followed by another. -/
theorem list_length_reverse_append {α : Type} (l1 l2 : List α) : (l1.reverse ++ l2).length = l1.length + l2.length := by sorry

/-- Appending to a nonempty list gives a nonempty list. -/
theorem list_append_ne_nil_of_left {α : Type} (l1 l2 : List α) : l1 ≠ [] → l1 ++ l2 ≠ [] := by sorry

/-- Taking n elements gives at most n elements. -/
theorem list_length_take_le_ex {α : Type} (n : Nat) (l : List α) : (l.take n).length ≤ n := by sorry

/-- A list has length zero exactly when it is empty. -/
theorem list_length_eq_zero_iff_ex {α : Type} (l : List α) : l.length = 0 ↔ l = [] := by sorry

/-- Reversing a constant list does nothing. -/
theorem list_reverse_replicate_ex {α : Type} (n : Nat) (a : α) : (List.replicate n a).reverse = List.replicate n a := by sorry

/-- An append is empty exactly when both parts are. -/
theorem list_append_eq_nil_iff_ex {α : Type} (l1 l2 : List α) : l1 ++ l2 = [] ↔ l1 = [] ∧ l2 = [] := by sorry

/-- A common prefix can be cancelled. -/
theorem list_append_cancel_left_ex {α : Type} (l l1 l2 : List α) : l ++ l1 = l ++ l2 → l1 = l2 := by sorry

/-- Lists with equal reverses are equal. -/
theorem list_reverse_injective_ex {α : Type} (l1 l2 : List α) : l1.reverse = l2.reverse → l1 = l2 := by sorry

/-- Two constant lists append to a longer constant list. -/
theorem list_replicate_add_ex {α : Type} (m n : Nat) (a : α) :
    List.replicate m a ++ List.replicate n a = List.replicate (m + n) a := by sorry
