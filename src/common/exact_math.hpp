// Sine and cosine computed the same way everywhere: with +, -, * and / on
// IEEE doubles only (the library is built without FMA contraction), never
// libm, whose last bits differ between versions and platforms. Used where a
// drawn angle becomes pixels, so that an augmented image is the same bytes
// on every platform.
#pragma once

namespace mseq {

// sin and cos of an angle in degrees, |degrees| <= 360, within 2 ulp of
// the true values (a test compares them with libm's).
void sin_cos_degrees(double degrees, double &sin_out, double &cos_out);

}  // namespace mseq
