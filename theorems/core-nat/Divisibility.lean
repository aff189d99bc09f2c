-- leanforge core-nat: core Lean 4 only, no imports

/-- Every number divides itself. -/
theorem nat_dvd_refl_ex (n : Nat) : n ∣ n := by sorry

/-- One divides every number. -/
theorem nat_one_dvd_ex (n : Nat) : 1 ∣ n := by sorry

/-- A number divides its multiples. -/
theorem nat_dvd_mul_right_ex (a b : Nat) : a ∣ a * b := by sorry

/-- Three divides twelve. -/
theorem nat_three_dvd_twelve : 3 ∣ 12 := by sorry

/-- Two does not divide seven. -/
theorem nat_not_two_dvd_seven : ¬2 ∣ 7 := by sorry

/-- gcd is commutative. -/
theorem nat_gcd_comm_ex (a b : Nat) : Nat.gcd a b = Nat.gcd b a := by sorry

/-- The gcd of a number with itself is that number. -/
theorem nat_gcd_self_ex (n : Nat) : Nat.gcd n n = n := by sorry

/-- The gcd of 12 and 18 is 6. -/
theorem nat_gcd_twelve_eighteen : Nat.gcd 12 18 = 6 := by sorry

/-- Division with remainder reassembles the number. -/
theorem nat_mod_add_div_ex (n k : Nat) : n % k + k * (n / k) = n := by sorry

/-- A remainder is below a positive divisor. -/
theorem nat_mod_lt_ex (n k : Nat) (h : 0 < k) : n % k < k := by sorry

/-- A number divides its multiples, written on the other side. -/
theorem nat_dvd_mul_left_ex (a b : Nat) : a ∣ b * a := by sorry

/-- Divisibility is antisymmetric on Nat. -/
theorem nat_dvd_antisymm_ex (a b : Nat) : a ∣ b → b ∣ a → a = b := by sorry

/-- A divisor of a positive number is at most that number. -/
theorem nat_le_of_dvd_ex (a b : Nat) (h : 0 < b) : a ∣ b → a ≤ b := by sorry

/-- Only one divides one. -/
theorem nat_dvd_one_iff_ex (n : Nat) : n ∣ 1 ↔ n = 1 := by sorry

/-- A divisor leaves remainder zero. -/
theorem nat_mod_eq_zero_of_dvd_ex (a b : Nat) : a ∣ b → b % a = 0 := by sorry

/-- Divisibility is remainder zero. -/
theorem nat_dvd_iff_mod_eq_zero_ex (a b : Nat) : a ∣ b ↔ b % a = 0 := by sorry

/-- A divisor of b divides every multiple of b. -/
theorem nat_dvd_mul_of_dvd_left (a b c : Nat) : a ∣ b → a ∣ b * c := by sorry

/-- The sum of two even numbers is even. -/
theorem nat_even_add_even (a b : Nat) : 2 ∣ a → 2 ∣ b → 2 ∣ a + b := by sorry

/-- The gcd divides both arguments. -/
theorem nat_gcd_dvd_both (a b : Nat) : Nat.gcd a b ∣ a ∧ Nat.gcd a b ∣ b := by sorry

/-- A common divisor divides the gcd. -/
theorem nat_dvd_gcd_ex (k a b : Nat) : k ∣ a → k ∣ b → k ∣ Nat.gcd a b := by sorry

/-- Taking a remainder twice is taking it once. -/
theorem nat_mod_mod_self (n m : Nat) : n % m % m = n % m := by sorry

/-- Adding a multiple of n does not change the remainder mod n. -/
theorem nat_add_mul_mod_self (a b n : Nat) : (a + n * b) % n = a % n := by sorry

/-- Divisibility is transitive. -/
theorem nat_dvd_trans_ex (a b c : Nat) : a ∣ b → b ∣ c → a ∣ c := by sorry

/-- A common divisor divides the sum. -/
theorem nat_dvd_add_ex (a b c : Nat) : a ∣ b → a ∣ c → a ∣ b + c := by sorry

/-- The gcd of a and b divides every multiple of a. -/
theorem nat_gcd_dvd_mul_right (a b c : Nat) : Nat.gcd a b ∣ a * c := by sorry

/-- The product of two odd numbers is odd. -/
theorem nat_odd_mul_odd (a b : Nat) : a % 2 = 1 → b % 2 = 1 → a * b % 2 = 1 := by sorry

/-- The product of two consecutive numbers is even. -/
theorem nat_two_dvd_mul_succ (n : Nat) : 2 ∣ n * (n + 1) := by sorry
