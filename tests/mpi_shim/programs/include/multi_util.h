/* Shared by the two sources of the multi-file program (found through -I). */
double hypotenuse(double a, double b);
