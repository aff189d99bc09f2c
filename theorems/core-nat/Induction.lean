-- leanforge core-nat: core Lean 4 only, no imports

/-- Zero to a positive power is zero. -/
theorem nat_zero_pow_succ (n : Nat) : 0 ^ (n + 1) = 0 := by sorry

/-- Powers of two are positive. -/
theorem nat_two_pow_pos (n : Nat) : 0 < 2 ^ n := by sorry

/-- One to any power is one. -/
theorem nat_one_pow_ex (n : Nat) : 1 ^ n = 1 := by sorry

/-- Squaring as a power is squaring as a product. -/
theorem nat_pow_two_ex (n : Nat) : n ^ 2 = n * n := by sorry

/-- The next power of two is twice the previous one. -/
theorem nat_two_pow_succ_eq (n : Nat) : 2 ^ (n + 1) = 2 * 2 ^ n := by sorry

/-- Every number is below the power of two it indexes. -/
theorem nat_lt_two_pow_self (n : Nat) : n < 2 ^ n := by sorry

/-- Powers of three grow at least like 2n + 1. -/
theorem nat_three_pow_ge (n : Nat) : 2 * n + 1 ≤ 3 ^ n := by sorry

/-- Powers of two are monotone in the exponent. -/
theorem nat_two_pow_le_add (a b : Nat) : 2 ^ a ≤ 2 ^ (a + b) := by sorry

/-- Powers are monotone in the base. -/
theorem nat_pow_le_pow_base (a b n : Nat) : a ≤ b → a ^ n ≤ b ^ n := by sorry

/-- Powers of a positive number are positive. -/
theorem nat_pow_pos_of_pos (b n : Nat) (h : 0 < b) : 0 < b ^ n := by sorry

/-- Exponents add when powers multiply. -/
theorem nat_pow_add_ex (x a b : Nat) : x ^ (a + b) = x ^ a * x ^ b := by sorry

/-- A power of a product is the product of the powers. -/
theorem nat_mul_pow_ex (a b n : Nat) : (a * b) ^ n = a ^ n * b ^ n := by sorry

/-- From five on, 2^n exceeds 2n + 1. -/
theorem nat_two_pow_gt_linear : ∀ n : Nat, 5 ≤ n → 2 * n + 1 < 2 ^ n := by sorry

/-- A strictly increasing function on Nat dominates the identity. -/
theorem nat_strict_mono_ge_id (f : Nat → Nat) (hf : ∀ n, f n < f (n + 1)) : ∀ n, n ≤ f n := by sorry

/-- Every number from 8 on is a sum of threes and fives. -/
theorem nat_three_five_representable (n : Nat) : ∃ a b : Nat, n + 8 = 3 * a + 5 * b := by sorry
