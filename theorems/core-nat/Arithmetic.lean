-- leanforge core-nat: core Lean 4 only, no imports

/-- Zero is a left identity for addition. -/
theorem nat_zero_add_ex (n : Nat) : 0 + n = n := by sorry

/-- Addition is commutative. -/
theorem nat_add_comm_ex (a b : Nat) : a + b = b + a := by sorry

/-- Adding the same number on the right can be cancelled. -/
theorem nat_add_right_cancel_ex (a b c : Nat) : a + c = b + c → a = b := by sorry

/-- A number is at most itself plus anything. -/
theorem nat_le_add_right_ex (a b : Nat) : a ≤ a + b := by sorry

/-- The order on Nat is antisymmetric. -/
theorem nat_le_antisymm_ex (a b : Nat) : a ≤ b → b ≤ a → a = b := by sorry

/-- Adding then subtracting the same number is the identity. -/
theorem nat_add_sub_cancel_ex (a b : Nat) : a + b - b = a := by sorry

/-- Chaining a strict and a weak inequality. -/
theorem nat_lt_of_lt_of_le_ex (a b c : Nat) : a < b → b ≤ c → a < c := by sorry

/-- Doubling is adding a number to itself. -/
theorem nat_two_mul_ex (n : Nat) : 2 * n = n + n := by sorry

/-- Multiplication is commutative. -/
theorem nat_mul_comm_ex (a b : Nat) : a * b = b * a := by sorry

/-- One is a right identity for multiplication. -/
theorem nat_mul_one_ex (n : Nat) : n * 1 = n := by sorry

/-- A successor is never zero. -/
theorem nat_succ_ne_zero_ex (n : Nat) : n + 1 ≠ 0 := by sorry

/-- A nonzero natural number is positive. -/
theorem nat_pos_of_ne_zero_ex (n : Nat) : n ≠ 0 → 0 < n := by sorry

/-- Subtracting then adding back is the identity when nothing is truncated. -/
theorem nat_sub_add_cancel_ex (a b : Nat) (h : b ≤ a) : a - b + b = a := by sorry

/-- Subtracting twice is subtracting the sum. -/
theorem nat_sub_sub_ex (a b c : Nat) : a - b - c = a - (b + c) := by sorry

/-- Multiplication distributes over addition on the left. -/
theorem nat_left_distrib_ex (a b c : Nat) : a * (b + c) = a * b + a * c := by sorry

/-- max is commutative. -/
theorem nat_max_comm_ex (a b : Nat) : max a b = max b a := by sorry

/-- min is at most its left argument. -/
theorem nat_min_le_left_ex (a b : Nat) : min a b ≤ a := by sorry

/-- Halving never increases a number. -/
theorem nat_div_two_le (n : Nat) : n / 2 ≤ n := by sorry

/-- Every number is even or odd, stated with mod. -/
theorem nat_mod_two_cases (n : Nat) : n % 2 = 0 ∨ n % 2 = 1 := by sorry

/-- Multiplication on the left is monotone. -/
theorem nat_mul_le_mul_left_ex (a b c : Nat) : a ≤ b → c * a ≤ c * b := by sorry

/-- Squaring is monotone. -/
theorem nat_mul_self_le_mul_self_ex (a b : Nat) : a ≤ b → a * a ≤ b * b := by sorry

/-- Every number is twice something, or twice something plus one. -/
theorem nat_even_or_odd (n : Nat) : ∃ k, n = 2 * k ∨ n = 2 * k + 1 := by sorry

/-- A number is at most its square. -/
theorem nat_le_mul_self (n : Nat) : n ≤ n * n := by sorry

/-- The square of a sum. -/
theorem nat_sq_expand (a b : Nat) : (a + b) * (a + b) = a * a + 2 * (a * b) + b * b := by sorry
