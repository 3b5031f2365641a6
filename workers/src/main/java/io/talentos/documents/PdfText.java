package io.talentos.documents;

import java.nio.charset.Charset;

/** Text for PDFs drawn with the standard 14 fonts (invoices, contract audit certificates). */
public final class PdfText {

  private static final Charset WIN_ANSI = Charset.forName("windows-1252");

  private PdfText() {}

  /**
   * The text as the standard PDF fonts can draw it: they encode WinAnsi (Windows-1252) only, so any other character
   * (e.g. a Devanagari name) and any control character prints as '?' rather than failing the document. Embedding a
   * Unicode font is the follow-up.
   */
  public static String winAnsi(String text) {
    var encoder = WIN_ANSI.newEncoder();
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      String ch = Character.toString(c);
      out.append(c >= 0x20 && encoder.canEncode(ch) ? ch : "?");
    });
    return out.toString();
  }
}
