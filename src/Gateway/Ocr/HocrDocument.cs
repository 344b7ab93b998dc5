using System.Net;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// Tesseract's API returns the hOCR of a page as a fragment; the command line wraps it in this
/// document, so the answer is the same hOCR a Tesseract user knows.
/// </summary>
public static class HocrDocument
{
    public static string Wrap(string pageFragment) =>
        $"""
         <?xml version="1.0" encoding="UTF-8"?>
         <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
         <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
          <head>
           <title>{WebUtility.HtmlEncode("AkkaOcr")}</title>
           <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
           <meta name="ocr-system" content="tesseract"/>
           <meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf"/>
          </head>
          <body>
         {pageFragment}  </body>
         </html>

         """;
}
