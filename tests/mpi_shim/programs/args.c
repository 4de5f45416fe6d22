/* Records what reached main and parses options with getopt_long, as OMB does. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>

int seen_argc;
int seen_argv_terminated;
char seen_argv[8][32];
char final_argv[8][32];  /* argv after getopt_long */
int opt_n = -1;
int opt_verbose;
char opt_name[32];

int main(int argc, char **argv) {
  static const struct option longopts[] = {
      {"name", required_argument, NULL, 'N'},
      {"verbose", no_argument, NULL, 'v'},
      {NULL, 0, NULL, 0}};
  int c;
  seen_argc = argc;
  seen_argv_terminated = argv[argc] == NULL;
  for (int i = 0; i < argc && i < 8; ++i) strncpy(seen_argv[i], argv[i], sizeof seen_argv[i] - 1);
  while ((c = getopt_long(argc, argv, "n:v", longopts, NULL)) != -1) {
    switch (c) {
      case 'n': opt_n = atoi(optarg); break;
      case 'v': ++opt_verbose; break;
      case 'N': strncpy(opt_name, optarg, sizeof opt_name - 1); break;
      default: return 99;
    }
  }
  /* getopt permutes argv (in the rank's private copy): operands come last. */
  for (int i = 0; i < argc && i < 8; ++i) strncpy(final_argv[i], argv[i], sizeof final_argv[i] - 1);
  return argc - optind;
}
