// Portable sine and cosine (exact_math.hpp).
#include "common/exact_math.hpp"

namespace mseq {
namespace {

// Taylor series of sin and cos on |x| <= pi/4, evaluated by Horner's rule:
// terms up to x^17 and x^18, whose remainders are below 2^-60 there.
double sin_poly(double x) {
    const double x2 = x * x;
    double s = 1.0 / 355687428096000.0;  // 1/17!
    s = s * x2 - 1.0 / 1307674368000.0;  // 1/15!
    s = s * x2 + 1.0 / 6227020800.0;     // 1/13!
    s = s * x2 - 1.0 / 39916800.0;       // 1/11!
    s = s * x2 + 1.0 / 362880.0;         // 1/9!
    s = s * x2 - 1.0 / 5040.0;           // 1/7!
    s = s * x2 + 1.0 / 120.0;            // 1/5!
    s = s * x2 - 1.0 / 6.0;              // 1/3!
    return x + x * (s * x2);
}

double cos_poly(double x) {
    const double x2 = x * x;
    double c = 1.0 / 6402373705728000.0;  // 1/18!
    c = c * x2 - 1.0 / 20922789888000.0;  // 1/16!
    c = c * x2 + 1.0 / 87178291200.0;     // 1/14!
    c = c * x2 - 1.0 / 479001600.0;       // 1/12!
    c = c * x2 + 1.0 / 3628800.0;         // 1/10!
    c = c * x2 - 1.0 / 40320.0;           // 1/8!
    c = c * x2 + 1.0 / 720.0;             // 1/6!
    c = c * x2 - 1.0 / 24.0;              // 1/4!
    c = c * x2 + 0.5;                     // 1/2!
    return 1.0 - c * x2;
}

}  // namespace

void sin_cos_degrees(double degrees, double &sin_out, double &cos_out) {
    // Reduce to [-45, 45] degrees around the nearest multiple of 90 (exact
    // in degrees: no pi is involved until the small remainder).
    double quadrant = 0.0;
    double r = degrees;
    while (r > 45.0) {
        r -= 90.0;
        quadrant += 1.0;
    }
    while (r < -45.0) {
        r += 90.0;
        quadrant -= 1.0;
    }
    const double x = r * (3.14159265358979323846 / 180.0);
    const double s = sin_poly(x), c = cos_poly(x);
    int q = static_cast<int>(quadrant) % 4;
    if (q < 0) q += 4;
    switch (q) {
        case 0:
            sin_out = s;
            cos_out = c;
            break;
        case 1:
            sin_out = c;
            cos_out = -s;
            break;
        case 2:
            sin_out = -s;
            cos_out = -c;
            break;
        default:
            sin_out = -c;
            cos_out = s;
            break;
    }
}

}  // namespace mseq
