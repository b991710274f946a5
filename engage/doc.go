// Package engage is battle management's physics and decisions: interceptor fly-out,
// intercept planning (predicted intercept points, engagement windows), weapon-target
// assignment (subpackage wta), shot doctrine and kill assessment.
//
// The idealised fly-out (IdealFlyout) answers the engageability question of the 2007-2013
// debate with the fewest assumptions: an interceptor that reaches its burnout speed at the
// instant of launch and coasts on a Keplerian arc. For a target path, the Lambert problem
// from the site to each point of the path gives the burnout speed needed to be there at that
// time; its minimum over the path is the least burnout speed that can intercept at all.
// Real interceptors need more (boost time, gravity and drag losses, reaction delays), so a
// target that the idealised interceptor cannot reach is unreachable by the real one.
package engage
