import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XPathSelector;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;

/**
 * Prints the official verdicts (the SVRL failed-asserts) of documents: for each input line
 * "XSLT<TAB>DOCUMENT" one output line "DOCUMENT<TAB>ID<TAB>FLAG<TAB>LOCATION" per failed assert,
 * then "DOCUMENT<TAB>END". Each stylesheet is compiled once. Used by bench/official/record-verdicts.ts
 * to record fixtures (tests never run Java).
 *
 * Usage: java -cp Saxon-HE.jar:CLASSES OfficialVerdicts < lines
 */
public final class OfficialVerdicts {
  public static void main(String[] args) throws Exception {
    Processor proc = new Processor(false);
    XsltCompiler compiler = proc.newXsltCompiler();
    XPathCompiler xpath = proc.newXPathCompiler();
    xpath.declareNamespace("svrl", "http://purl.oclc.org/dsdl/svrl");
    Map<String, XsltExecutable> compiled = new HashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t", 2);
      XsltExecutable exec = compiled.get(parts[0]);
      if (exec == null) {
        exec = compiler.compile(new StreamSource(new File(parts[0])));
        compiled.put(parts[0], exec);
      }
      XsltTransformer t = exec.load();
      t.setSource(new StreamSource(new File(parts[1])));
      XdmDestination out = new XdmDestination();
      t.setDestination(out);
      t.transform();
      XPathSelector sel = xpath.compile("//svrl:failed-assert | //svrl:successful-report").load();
      sel.setContextItem(out.getXdmNode());
      for (XdmItem item : sel) {
        XdmNode n = (XdmNode) item;
        String id = n.getAttributeValue(new QName("id"));
        String flag = n.getAttributeValue(new QName("flag"));
        String location = n.getAttributeValue(new QName("location"));
        System.out.println(parts[1] + "\t" + id + "\t" + (flag == null ? "fatal" : flag) + "\t" + (location == null ? "" : location));
      }
      System.out.println(parts[1] + "\tEND");
    }
  }
}
