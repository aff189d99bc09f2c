-- A first check: leanforge checks the last theorem of this file (or the one named with --theorem).
theorem two_plus_two : 2 + 2 = 4 := by decide

theorem add_comm_example (a b : Nat) : a + b = b + a := by
  omega
