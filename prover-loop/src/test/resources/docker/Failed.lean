-- Failed: the statement is false, so omega reports an error.
theorem docker_succ_ne (n : Nat) : n + 1 = n := by omega
