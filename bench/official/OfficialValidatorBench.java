import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;

/**
 * The official EN 16931 validator (the published Schematron compiled to XSLT, on Saxon-HE) timed
 * the way bench/einvoice.bench.ts times the engine: each stylesheet compiled once, the JVM warmed
 * by several rounds over all documents, then per document the median of many runs of
 * parse + transform (the SVRL report built in memory), one thread. Compiled and run by the TS
 * bench (`npm run bench:einvoice -- --official`); prints one JSON object on stdout.
 *
 * Usage: java -cp Saxon-HE.jar:CLASSES OfficialValidatorBench XSLT_DIR WARMUP_ROUNDS ROUNDS BATCH_MS
 * with lines "UBL|CII<TAB>path" on standard input.
 */
public final class OfficialValidatorBench {
  private static final Pattern FAILED = Pattern.compile("<svrl:failed-assert[^>]*?flag=\"(fatal|warning)\"");

  private static final class Doc {
    final String syntax;
    final String path;
    final byte[] bytes;
    final List<Double> wallMs = new ArrayList<>();
    final List<Double> cpuMs = new ArrayList<>();
    int fatal;
    int warning;
    int perBatch = 1;

    Doc(String syntax, String path) throws Exception {
      this.syntax = syntax;
      this.path = path;
      this.bytes = Files.readAllBytes(new File(path).toPath());
    }
  }

  private final XsltExecutable ubl;
  private final XsltExecutable cii;

  private OfficialValidatorBench(Processor proc, String dir) throws Exception {
    XsltCompiler compiler = proc.newXsltCompiler();
    ubl = compiler.compile(new StreamSource(new File(dir, "EN16931-UBL-validation.xslt")));
    cii = compiler.compile(new StreamSource(new File(dir, "EN16931-CII-validation.xslt")));
  }

  /** Parse the document and build the SVRL report: what one validation costs. */
  private XdmDestination validate(Doc d) throws Exception {
    XsltTransformer t = ("UBL".equals(d.syntax) ? ubl : cii).load();
    StreamSource src = new StreamSource(new ByteArrayInputStream(d.bytes), new File(d.path).toURI().toString());
    XdmDestination out = new XdmDestination();
    t.setSource(src);
    t.setDestination(out);
    t.transform();
    return out;
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    if (a.length == 0) return Double.NaN;
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    int warmupRounds = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    double batchMs = Double.parseDouble(args[3]);
    List<Doc> docs = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t", 2);
      docs.add(new Doc(parts[0], parts[1]));
    }
    Processor proc = new Processor(false);
    long t0 = System.nanoTime();
    OfficialValidatorBench bench = new OfficialValidatorBench(proc, dir);
    double compileMs = (System.nanoTime() - t0) / 1e6;

    // Verdicts first (what the official validator says about each document), then warm-up.
    for (Doc d : docs) {
      Matcher m = FAILED.matcher(bench.validate(d).getXdmNode().toString());
      while (m.find()) {
        if ("fatal".equals(m.group(1))) d.fatal++;
        else d.warning++;
      }
    }
    long w0 = System.nanoTime();
    for (int r = 0; r < warmupRounds; r++) {
      for (Doc d : docs) {
        long s = System.nanoTime();
        int n = 0;
        // Each warm-up round gives every document about one batch worth of runs.
        do {
          bench.validate(d);
          n++;
        } while ((System.nanoTime() - s) / 1e6 < batchMs);
        if (r == warmupRounds - 1) d.perBatch = Math.max(1, n);
      }
    }
    double warmupMs = (System.nanoTime() - w0) / 1e6;

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (Doc d : docs) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < d.perBatch; i++) {
          long s = System.nanoTime();
          bench.validate(d);
          d.wallMs.add((System.nanoTime() - s) / 1e6);
        }
        d.cpuMs.add((threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / d.perBatch);
      }
    }

    StringBuilder json = new StringBuilder();
    json.append("{\"saxon\":\"").append(proc.getSaxonProductVersion()).append("\",\"java\":\"").append(System.getProperty("java.version"));
    json.append(String.format(Locale.ROOT, "\",\"compileMs\":%.1f,\"warmupMs\":%.1f,\"docs\":[", compileMs, warmupMs));
    for (int i = 0; i < docs.size(); i++) {
      Doc d = docs.get(i);
      if (i > 0) json.append(',');
      json.append(String.format(Locale.ROOT, "{\"syntax\":\"%s\",\"path\":\"%s\",\"runs\":%d,\"medianMs\":%.4f,\"cpuMs\":%.4f,\"fatal\":%d,\"warning\":%d}",
          d.syntax, d.path.replace("\\", "\\\\").replace("\"", "\\\""), d.wallMs.size(), median(d.wallMs), median(d.cpuMs), d.fatal, d.warning));
    }
    json.append("]}");
    System.out.println(json);
  }
}
