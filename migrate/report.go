package migrate

// report assembles the report: Ingresses in input order, traps, totals.
func (r *run) report(outs []Output) *Report {
	rep := &Report{
		Mode: string(r.opts.Mode),
		Totals: Totals{
			Documents:   len(r.docs),
			ByOutcome:   map[Outcome]int{},
			Annotations: map[Outcome]int{},
		},
	}
	for i, o := range outs {
		switch {
		case o.Ingress:
			ir := r.reports[r.refs[i]]
			rep.Ingresses = append(rep.Ingresses, *ir)
			rep.Totals.Ingresses++
			rep.Totals.ByOutcome[ir.Outcome]++
			for j, a := range ir.Annotations {
				rep.Totals.Annotations[a.Outcome]++
				if r.opts.Mode == ModeGateway {
					if a.Form == "" {
						a.Form, a.GatewayAPI = FormNotCarried, "not carried: the Ingress is blocked and left as it is"
						ir.Annotations[j] = a
					}
					if rep.Totals.Forms == nil {
						rep.Totals.Forms = map[Form]int{}
					}
					rep.Totals.Forms[a.Form]++
				}
			}
			if o.Changed() {
				rep.Totals.Rewritten++
			} else {
				rep.Totals.PassedThrough++
			}
		case o.Gateway:
		default:
			rep.Totals.PassedThrough++
		}
	}
	rep.Traps = r.traps()
	rep.Totals.Traps = len(rep.Traps)
	if rep.Ingresses == nil {
		rep.Ingresses = []IngressReport{}
	}
	if rep.Traps == nil {
		rep.Traps = []Trap{}
	}
	return rep
}

// FailOn reports whether the report meets any of the conditions: an
// outcome name ("blocked", "changed", "ignored") that some annotation or
// Ingress has, or "traps" when there are cluster-level traps.
func (rep *Report) FailOn(conds []string) bool {
	for _, c := range conds {
		switch c {
		case "traps", "trap":
			if len(rep.Traps) > 0 {
				return true
			}
		default:
			o := Outcome(c)
			if rep.Totals.ByOutcome[o] > 0 || rep.Totals.Annotations[o] > 0 {
				return true
			}
		}
	}
	return false
}

// FailOnConditions are the values --fail-on accepts.
func FailOnConditions() []string { return []string{"blocked", "changed", "ignored", "traps"} }

// ValidFailOn reports whether c is a --fail-on condition.
func ValidFailOn(c string) bool {
	return containsString(FailOnConditions(), c)
}
