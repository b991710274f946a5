// Package lap solves the rectangular linear assignment problem: given an r x c cost matrix,
// pair rows with columns, each used at most once, so that as many rows as possible are paired
// and, among those pairings, the total cost is least. It is the plumbing shared by the tracker's
// global-nearest-neighbour association (track) and weapon-target assignment (engage/wta).
//
// # Problem
//
// With x_ij in {0, 1}:
//
//	minimise   sum_ij c_ij x_ij
//	subject to sum_j x_ij <= 1 (each row at most once), sum_i x_ij <= 1 (each column at most once),
//	           x_ij = 0 where c_ij = +Inf (a forbidden pair),
//
// and the number of pairs is the largest possible (min(r, c) when nothing is forbidden). A row
// left without a column is reported as -1.
//
// # Algorithm
//
// Shortest augmenting paths with dual variables, the method of Jonker & Volgenant (1987,
// "A shortest augmenting path algorithm for dense and sparse linear assignment problems",
// Computing 38:325-340) in the rectangular form given by Crouse (2016, "On implementing 2D
// rectangular assignment algorithms", IEEE Trans. Aerospace and Electronic Systems 52(4),
// 1679-1696, which gives the dual update for the rows and columns one search scans). With
// r <= c (otherwise the matrix is transposed), rows are inserted one at a time. For a free
// row, Dijkstra's algorithm over the reduced costs c_ij - u_i - v_j >= 0 finds the cheapest
// alternating path to a free column; the duals are then raised so that every edge on a
// shortest path has zero reduced cost, and the path is flipped. After k insertions the
// matching is a least-cost matching of those k rows (the invariant of every
// successive-shortest-path method), so after all r it is optimal.
//
// Before the paths, JV's augmenting row reduction (an auction in which each free row takes its
// cheapest column and raises that column's price to the row's second choice) settles most rows
// of a dense problem cheaply; it changes prices only on assigned columns, so free columns keep
// v_j = 0 as the rectangular optimality conditions require. Cost: O(r^2 c) time at worst,
// O(r + c) extra memory beyond an optional transposed copy.
//
// SolveSparse runs the same method over listed entries only, with a binary heap of tentative
// distances; Duals exposes the final prices, which certify optimality and let a caller solve
// a shortlist and then price out the pairs it left out.
//
// # Forbidden pairs
//
// When some pairs are +Inf a full matching of the rows may not exist. Each row i then gets a
// private slack column (never materialised: it is reachable from row i only) of cost B, and the
// slack pairing means "unassigned". With K = min(r, c) and finite costs in [cmin, cmax],
// B > K (cmax - cmin) + |cmax| makes any matching with more real pairs cheaper than any with
// fewer (the real-cost difference between a k+1 and a k pair matching is at most
// k (cmax - cmin) + cmax), so the optimum is a maximum-cardinality matching of least cost; B
// is taken twice that bound plus one for a rounding margin. A single slack per row keeps the
// problem free of square padding and the Dijkstra scan no wider than c + (rows scanned).
package lap
