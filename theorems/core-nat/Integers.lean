-- leanforge core-nat: core Lean 4 only, no imports

/-- Integer addition is commutative. -/
theorem nat_int_add_comm (a b : Int) : a + b = b + a := by sorry

/-- Integer negation is an involution. -/
theorem nat_int_neg_neg (a : Int) : -(-a) = a := by sorry

/-- Subtracting then adding back is the identity on Int. -/
theorem nat_int_sub_add_cancel (a b : Int) : a - b + b = a := by sorry

/-- A positive difference means a strict inequality. -/
theorem nat_int_lt_of_sub_pos (a b : Int) : 0 < a - b → b < a := by sorry

/-- A natural number cast to Int is nonnegative. -/
theorem nat_int_natCast_nonneg (n : Nat) : 0 ≤ (n : Int) := by sorry

/-- Multiplying by minus one negates. -/
theorem nat_int_mul_neg_one (a : Int) : a * -1 = -a := by sorry

/-- Negation reverses strict inequalities. -/
theorem nat_int_neg_lt_neg (a b : Int) : a < b → -b < -a := by sorry

/-- A difference is nonnegative exactly when the subtrahend is smaller. -/
theorem nat_int_sub_nonneg_iff (a b : Int) : 0 ≤ a - b ↔ b ≤ a := by sorry

/-- The cast from Nat to Int respects addition. -/
theorem nat_int_natCast_add (m n : Nat) : ((m + n : Nat) : Int) = (m : Int) + (n : Int) := by sorry

/-- The product of two negations. -/
theorem nat_int_neg_mul_neg (a b : Int) : -a * -b = a * b := by sorry

/-- Every integer has remainder 0 or 1 modulo 2. -/
theorem nat_int_emod_two_cases (a : Int) : a % 2 = 0 ∨ a % 2 = 1 := by sorry

/-- Twice the floor half of an integer is at most the integer. -/
theorem nat_int_two_mul_ediv_le (a : Int) : 2 * (a / 2) ≤ a := by sorry

/-- A nonnegative integer survives the round trip through Nat. -/
theorem nat_int_toNat_of_nonneg_ex (a : Int) (h : 0 ≤ a) : (a.toNat : Int) = a := by sorry

/-- There is an integer strictly between a and a + 2. -/
theorem nat_int_exists_between (a : Int) : ∃ b, a < b ∧ b < a + 2 := by sorry

/-- A divisor of b divides -b. -/
theorem nat_int_dvd_neg (a b : Int) : a ∣ b → a ∣ -b := by sorry

/-- The absolute value of an integer is the integer or its negation. -/
theorem nat_int_natAbs_cases (a : Int) : (a.natAbs : Int) = a ∨ (a.natAbs : Int) = -a := by sorry

/-- Integer squares are nonnegative. -/
theorem nat_int_mul_self_nonneg (a : Int) : 0 ≤ a * a := by sorry
