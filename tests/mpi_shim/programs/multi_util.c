#include <math.h>
#include "multi_util.h"
double hypotenuse(double a, double b) { return sqrt(a * a + b * b); }
