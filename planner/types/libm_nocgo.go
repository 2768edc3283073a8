//go:build !cgo

package types

import "math"

// Without cgo, Go's math package stands in for libm (results may differ
// from PostgreSQL's in the last digit).

func cSin(x float64) float64      { return math.Sin(x) }
func cCos(x float64) float64      { return math.Cos(x) }
func cTan(x float64) float64      { return math.Tan(x) }
func cAsin(x float64) float64     { return math.Asin(x) }
func cAcos(x float64) float64     { return math.Acos(x) }
func cAtan(x float64) float64     { return math.Atan(x) }
func cAtan2(y, x float64) float64 { return math.Atan2(y, x) }
func cCbrt(x float64) float64     { return math.Cbrt(x) }
func cExp(x float64) float64      { return math.Exp(x) }
func cLog(x float64) float64      { return math.Log(x) }
func cLog10(x float64) float64    { return math.Log10(x) }
func cPow(x, y float64) float64   { return math.Pow(x, y) }
