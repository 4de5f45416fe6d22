/* A shared object without main(): the loader must refuse it. */
int not_main(void) { return 1; }
