/* Uses a function nobody defines: the loader must name it. */
void smvn_no_such_function(void);
int main(void) {
  smvn_no_such_function();
  return 0;
}
