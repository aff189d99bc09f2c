-- red team: `open … in` at the end of the proof would scope the appended #print axioms
-- expect: REJECTED in
theorem cheat : False := by trivial
  open Lean in
