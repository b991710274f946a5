// Package wta assigns weapons to targets: the static weapon-target assignment problem of
// Manne (1958) and den Broeder, Ellison & Emerling (1959), in which interceptors with
// independent single-shot kill probabilities are allotted to threats of given value.
//
// # Problem
//
// Weapon i has mu_i identical units; one unit destroys target j with probability p_ij,
// independently of every other shot. With x_ij units of weapon i fired at target j,
//
//	minimise   sum_j v_j prod_i (1 - p_ij)^x_ij     (expected surviving value)
//	subject to sum_j x_ij <= mu_i,  x_ij integer >= 0,
//
// and optionally sum_i x_ij >= min_j (Bracken & McCormick 1968). The objective is convex
// and separable in the targets once written as v_j exp(-sum_i a_ij x_ij), a_ij = -ln(1-p_ij),
// but integrality makes the problem NP-hard (Lloyd & Witsenhausen 1986).
//
// # Methods
//
// Greedy is maximum marginal return (den Broeder et al. 1959): units go one at a time where
// they remove most surviving value, S_j p_ij, S_j being target j's current surviving value.
//
// Solve is an anytime search. Its core observation: with every other unit fixed, moving
// units so that each target loses at most one and gains at most one changes the objective by
// a sum of terms that each depend on one target, so chains and cycles of such moves, of any
// length, can be priced exactly and searched as paths in a graph: the very large-scale
// neighbourhood of Ahuja, Kumar, Jha & Orlin (2007, Operations Research 55(6):1136-1146).
// Solve
//
//  1. starts from the assignment of all units at once, at most one per target (with no other
//     unit placed, target j offers v_j p_ij: the maximum-weight matching by internal/lap,
//     exact for availability one unless a target is worth two units), or from maximum
//     marginal return when minimum shots apply;
//  2. brings it to a local optimum of two searches. Descend moves one unit or swaps two,
//     each evaluated in O(1) from cached survivals (per target S_j, and per unit S_j
//     without it) and re-examined only around targets whose survival changed. The exchange
//     search (exchange.go) finds cyclic and path exchanges on an improvement graph with a
//     node per unit and an arc u -> w when u can take w's place, by label correcting from
//     the units on changed targets (Ahuja, Orlin & Sharma 2001) with the gain criterion of
//     Lin & Kernighan (1973); each unit's arcs go to its candidate targets, the weapon's 24
//     most lethal and those for which it is among the 8 most lethal weapons. On the
//     reference instances the improvements that shifts, swaps and assignment problems over
//     random halves of the targets miss are typically cycles of 10 to 30 units;
//  3. iterates ruin and recreate (Schrimpf et al. 2000, J. Comput. Phys. 159(2):139-171):
//     strip a target, the targets holding units of its 1 to 3 most lethal weapons and as
//     many random targets (8 in 10 iterations), or up to 3% of the targets at random; put
//     the units back by one assignment problem or by maximum marginal return, and return to
//     a local optimum. A result within 0.05% of the worker's best is kept (record-to-record
//     travel, Dueck 1993); the threshold doubles for every 20 rounds without progress, up to
//     0.4%, which walks out of traps that no exchange of a few tens of units leaves.
//
// Workers run on their own seeded streams (PCG(seed, worker)), each following its own line,
// in rounds of 16 iterations; after every round the best allocation is recorded (chosen
// deterministically), and a worker that has not improved for 2 rounds continues from it. A
// round budget therefore gives the same answer on every machine (up to floating-point
// contraction on platforms that fuse multiply-adds), whatever the load; a deadline in ctx
// stops the search anywhere, and the answer then depends on how far it got.
//
// LowerBound relaxes the availabilities with Lagrange multipliers (Ahuja et al. 2007):
// each target then has its own small problem, solved exactly by branch and bound, and the
// dual is raised by projected subgradient steps (Polyak 1969). Started from the duals of the
// construction's assignment, it proves the matching optimal on every availability-one
// reference instance. SolveExact adds depth-first branch and bound on units, pruned with the
// same bound, for small problems.
//
// # Validation
//
// Tests compare SolveExact with enumeration of every allocation, Solve with SolveExact, the
// exchange search with allocations that shifts and swaps cannot improve, and all of them with
// published results: the instances of Andersen, Pavlikov & Toffolo (2022, "Weapon-target
// assignment problem: exact and approximate solution algorithms", Annals of Operations
// Research, doi 10.1007/s10479-022-04525-6; read by ParseAndersen), every one of which Solve
// brings within 0.1% of the best known value under a fixed round budget, and the Bracken &
// McCormick (1968) problem, whose continuous optimum 1735.5696 (expected damage) bounds the
// integer optimum 1735.558932 that Solve reaches. README.md gives the time each reference
// instance takes to come within 0.1% (BenchmarkTimeToTenthOfPercent) and the gap after 10 s.
package wta
