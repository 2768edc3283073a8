//go:build cgo

package types

// PostgreSQL computes float8 transcendental functions with the C library;
// calling the same libm gives bit-identical results, which Go's math
// package (accurate, but differently rounded in the last place) does not.

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

func cSin(x float64) float64      { return float64(C.sin(C.double(x))) }
func cCos(x float64) float64      { return float64(C.cos(C.double(x))) }
func cTan(x float64) float64      { return float64(C.tan(C.double(x))) }
func cAsin(x float64) float64     { return float64(C.asin(C.double(x))) }
func cAcos(x float64) float64     { return float64(C.acos(C.double(x))) }
func cAtan(x float64) float64     { return float64(C.atan(C.double(x))) }
func cAtan2(y, x float64) float64 { return float64(C.atan2(C.double(y), C.double(x))) }
func cCbrt(x float64) float64     { return float64(C.cbrt(C.double(x))) }
func cExp(x float64) float64      { return float64(C.exp(C.double(x))) }
func cLog(x float64) float64      { return float64(C.log(C.double(x))) }
func cLog10(x float64) float64    { return float64(C.log10(C.double(x))) }
func cPow(x, y float64) float64   { return float64(C.pow(C.double(x), C.double(y))) }
