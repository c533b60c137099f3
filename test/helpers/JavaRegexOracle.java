// The reference for the pattern translator's tests (test/unit/patterns.test.ts): AWS applies the
// model's patterns with java.util.regex, so Java itself says what each pattern accepts.
// Protocol, one line each way, strings as UTF-16 code units in hex (lone surrogates survive):
//   P <hex pattern>  ->  "ok" or "error <message>"   (compiles the pattern the S lines use)
//   S <hex value>    ->  "1" if the whole value matches, else "0"
// Run with `java JavaRegexOracle.java` (Java 11+ runs a single source file).
import java.io.*;
import java.util.regex.*;

public class JavaRegexOracle {
  static String unhex(String h) {
    char[] c = new char[h.length() / 4];
    for (int i = 0; i < c.length; i++) c[i] = (char) Integer.parseInt(h.substring(4 * i, 4 * i + 4), 16);
    return new String(c);
  }

  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, "UTF-8")));
    Pattern p = null;
    for (String line; (line = in.readLine()) != null; ) {
      String arg = line.length() > 2 ? unhex(line.substring(2)) : "";
      if (line.startsWith("P")) {
        try {
          p = Pattern.compile(arg);
          out.println("ok");
        } catch (PatternSyntaxException e) {
          p = null;
          out.println("error " + e.getDescription());
        }
      } else {
        out.println(p != null && p.matcher(arg).matches() ? "1" : "0");
      }
    }
    out.flush();
  }
}
