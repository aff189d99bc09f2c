-- red team: binder_predicate declares syntax
-- expect: REJECTED binder_predicate
theorem cheat : False := trivial
  binder_predicate x " ≫ " y:term => `($x > $y)
