-- red team: `<-` is one token: Lean reads `<--(…)` as `<-` and `-(…)`, a plain lexer as a comment
-- expect: REJECTED ambiguous
theorem cheat : False := by
  have := Id.run do
    let _x <--(by run_tac pure (); exact (0 : Int))
    pure ()
  decide
