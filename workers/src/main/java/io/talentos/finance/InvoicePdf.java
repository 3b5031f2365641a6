package io.talentos.finance;

import io.talentos.documents.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders a tax invoice to PDF with PDFBox, with the particulars of CGST Rules 2017, rule 46: supplier name, address
 * and GSTIN; a consecutive invoice number and the date; recipient name, address and GSTIN; place of supply with the
 * state code; SAC, description and taxable value of each line; rate and amount of CGST, SGST and IGST; the total in
 * figures and in words; whether tax is payable on reverse charge; the exchange rate of a foreign-currency invoice.
 */
public final class InvoicePdf {

  private static final float MARGIN = 50;
  private static final float LEADING = 14;

  private InvoicePdf() {}

  /**
   * The invoice as a one-page (or longer) A4 PDF.
   *
   * @throws UncheckedIOException if PDFBox cannot write the document
   */
  public static byte[] render(Invoices.Invoice invoice) {
    List<String[]> lines = lines(invoice);
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      document.getDocumentInformation().setTitle("Tax invoice " + invoice.invoiceNumber());
      document.getDocumentInformation().setAuthor(invoice.supplier().name());
      PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      int next = 0;
      while (next < lines.size()) {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream text = new PDPageContentStream(document, page)) {
          float y = page.getMediaBox().getHeight() - MARGIN;
          while (next < lines.size() && y > MARGIN) {
            String[] line = lines.get(next++);
            text.beginText();
            text.setFont("B".equals(line[0]) ? bold : regular, "B".equals(line[0]) ? 11 : 9);
            text.newLineAtOffset(MARGIN, y);
            text.showText(PdfText.winAnsi(line[1]));
            text.endText();
            y -= LEADING;
          }
        }
      }
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not render invoice " + invoice.invoiceNumber(), e);
    }
  }

  private static List<String[]> lines(Invoices.Invoice inv) {
    List<String[]> l = new ArrayList<>();
    l.add(new String[] {"B", "TAX INVOICE" + ("EXPORT".equals(inv.supplyType())
        ? " (export of services, zero-rated under LUT, IGST Act s.16)" : "")});
    l.add(new String[] {"B", inv.supplier().name()});
    l.add(new String[] {"", inv.supplier().address()});
    l.add(new String[] {"", "GSTIN: " + nz(inv.supplier().gstin()) + "   State code: " + inv.supplier().stateCode()});
    l.add(new String[] {"", ""});
    l.add(new String[] {"", "Invoice number: " + inv.invoiceNumber() + "   Date: " + inv.invoiceDate()
        + "   Financial year: " + inv.financialYear()});
    l.add(new String[] {"B", "Bill to: " + inv.recipient().name()});
    l.add(new String[] {"", inv.recipient().address()});
    l.add(new String[] {"", "GSTIN: " + nz(inv.recipient().gstin()) + "   Country: " + inv.recipient().country()});
    l.add(new String[] {"", "Place of supply: " + (inv.placeOfSupply() == null ? "outside India ("
        + inv.recipient().country() + ")" : "state code " + inv.placeOfSupply()) + "   Supply: " + inv.supplyType()});
    l.add(new String[] {"", "Tax payable on reverse charge: " + (inv.reverseCharge() ? "Yes" : "No")});
    if (inv.exchangeRate() != null) {
      l.add(new String[] {"", "Currency: " + inv.currency() + "   Exchange rate: 1 " + inv.currency() + " = "
          + inv.exchangeRate().toPlainString() + " INR"});
    }
    l.add(new String[] {"", ""});
    l.add(new String[] {"B", "SAC     Description                                  Taxable    CGST       SGST       IGST"});
    for (Invoices.InvoiceLine line : inv.lines()) {
      l.add(new String[] {"", line.sac() + "  " + pad(line.description(), 40) + "  " + money(line.taxableMinor(), inv.currency())
          + "   " + tax(line.cgstBasisPoints(), line.cgstMinor(), inv.currency()) + "   " + tax(line.sgstBasisPoints(), line.sgstMinor(), inv.currency())
          + "   " + tax(line.igstBasisPoints(), line.igstMinor(), inv.currency())});
    }
    l.add(new String[] {"", ""});
    l.add(new String[] {"", "Taxable value: " + money(inv.taxableMinor(), inv.currency()) + "   CGST: " + money(inv.cgstMinor(), inv.currency())
        + "   SGST: " + money(inv.sgstMinor(), inv.currency()) + "   IGST: " + money(inv.igstMinor(), inv.currency())});
    l.add(new String[] {"B", "Total: " + inv.currency() + " " + money(inv.totalMinor(), inv.currency())});
    l.add(new String[] {"", "Amount in words: " + inv.amountInWords()});
    l.add(new String[] {"", ""});
    l.add(new String[] {"", "For " + inv.supplier().name() + ": authorised signatory (issued electronically by "
        + inv.createdBy() + ")"});
    return l;
  }

  /** Minor units shown with the currency's own number of decimals (2 for INR and USD, 0 for JPY, 3 for KWD). */
  private static String money(long minor, String currency) {
    return BigDecimal.valueOf(minor, Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits()))
        .toPlainString();
  }

  private static String tax(long basisPoints, long minor, String currency) {
    return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "% " + money(minor, currency);
  }

  private static String pad(String text, int width) {
    String cut = text.length() > width ? text.substring(0, width - 1) + "." : text;
    return cut + " ".repeat(width - cut.length());
  }

  private static String nz(String value) {
    return value == null ? "unregistered" : value;
  }
}
