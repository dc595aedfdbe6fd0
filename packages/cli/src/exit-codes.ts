// Exit codes (DESIGN.md, CLI): 0 done or allowed; 1 the policy says no (denied, tampered,
// violation); 2 usage or input error, with one line on stderr naming file, pointer, problem.
export const EXIT_OK = 0;
export const EXIT_DENIED = 1;
export const EXIT_USAGE = 2;
