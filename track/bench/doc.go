// Package bench runs published tracking benchmarks against shield's filters, so that their
// accuracy can be checked against figures others have reported.
//
// Reentry is the re-entry vehicle problem of Athans, Wishner & Bertolini (1968), made the
// standard nonlinear-filter test by Julier & Uhlmann (2004, "Unscented filtering and
// nonlinear estimation", Proc. IEEE 92(3), sec. VI-B) and distributed with the EKF/UKF
// toolbox (Hartikainen, Solin & Sarkka 2011, v1.3): a body falls through an exponential
// atmosphere with an unknown ballistic parameter, seen by one radar measuring range and
// bearing at 10 Hz for 200 s. The toolbox manual reports an average position RMSE of about
// 8.4 m for both the EKF and the UKF over 100 Monte Carlo runs. The benchmark is defined in
// kilometres; here every quantity is converted to SI and the RMSE is in metres.
package bench
