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
// Solve is an anytime search. Its core observation: with every other unit fixed, moving a set
// of units onto distinct targets changes the objective by -sum S_j p_ij, linear in the
// pairing, so the best such move is a linear assignment problem (internal/lap), the
// exchange structure that the very large-scale neighbourhood of Ahuja, Kumar, Jha & Orlin
// (2007, Operations Research 55(6):1136-1146) searches with negative cycles. Solve
//
//  1. starts from the assignment of all units at once, at most one per target (with no other
//     unit placed, target j offers v_j p_ij: the maximum-weight matching, exact for
//     availability one unless a target is worth two units);
//  2. descends with moves of one unit and exchanges of two, evaluated in O(1) from the
//     survivals and re-examined only around targets whose survival changed;
//  3. iterates ruin and recreate (Schrimpf et al. 2000): strip the units off a random or a
//     related group of targets, recreate by assignment or maximum marginal return, descend,
//     and sometimes polish with assignment sweeps over half the targets; a result no worse
//     than the current one is kept.
//
// Workers run on their own seeded streams (PCG(seed, worker)) in rounds of fixed length and
// continue from the best allocation after every round, chosen deterministically, so a round
// budget gives the same answer on every machine; a deadline in ctx stops the search anywhere.
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
// Tests compare SolveExact with enumeration of every allocation, Solve with SolveExact, and
// both with published results: the instances of Andersen, Pavlikov & Toffolo (2022, "Weapon-
// target assignment problem: exact and approximate solution algorithms", Annals of
// Operations Research, doi 10.1007/s10479-022-04525-6; read by ParseAndersen) and the
// Bracken & McCormick (1968) problem, whose continuous optimum 1735.5696 (expected damage)
// bounds the integer optimum 1735.558932 that Solve reaches. The flag -wta.full runs all 18
// reference instances for 10 s each.
package wta
