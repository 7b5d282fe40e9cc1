//! Failed checks in the analyst's words, both languages: what was found, why a reviewer
//! rejects it, and what to do (a tip that can be passed on to the end customer).

use super::rules::{Detail, Detected, ScreenshotSignal};
use super::{CheckContext, Finding, LocalCheck};
use crate::locale::Language;
use crate::reject_labels::{checks_for, explain, labels_prevented_by};

/// How many label codes a finding lists.
const MAX_PREVENTS: usize = 3;

pub(crate) fn word(
    detected: Vec<Detected>,
    context: &CheckContext,
    lang: Language,
) -> Vec<Finding> {
    let focus = checks_for(&context.focus_labels);
    let mut findings: Vec<Finding> = detected
        .into_iter()
        .map(|d| {
            let (title, why, tip) = words(&d.detail, lang);
            Finding {
                check: d.check,
                blocking: d.check == LocalCheck::SameAsRejected,
                focus: focus.contains(&d.check),
                prevents: match &d.detail {
                    // What the earlier round said, and where repeated rejections lead.
                    Detail::SameAsRejected { labels, .. } => labels
                        .iter()
                        .take(MAX_PREVENTS - 1)
                        .cloned()
                        .chain(prevents(d.check, &[]))
                        .collect(),
                    _ => prevents(d.check, &context.focus_labels),
                },
                title,
                why,
                tip,
            }
        })
        .collect();
    // Blocking first, then what the round's labels point at, then the rest as found.
    findings.sort_by_key(|f| (!f.blocking, !f.focus));
    findings
}

/// The round's own labels this check prevents, then the dictionary's, at most three.
fn prevents(check: LocalCheck, focus_labels: &[String]) -> Vec<String> {
    let mut out: Vec<String> = focus_labels
        .iter()
        .filter(|l| explain(l, Language::En).prevented_by.contains(&check))
        .cloned()
        .collect();
    for code in labels_prevented_by(check) {
        if out.len() >= MAX_PREVENTS {
            break;
        }
        if !out.iter().any(|l| l.eq_ignore_ascii_case(code)) {
            out.push(code.to_owned());
        }
    }
    out.truncate(MAX_PREVENTS);
    out
}

fn side_name(side: usize, lang: Language) -> &'static str {
    match (side, lang) {
        (0, Language::En) => "top",
        (1, Language::En) => "bottom",
        (2, Language::En) => "left",
        (_, Language::En) => "right",
        (0, Language::PtBr) => "superior",
        (1, Language::PtBr) => "inferior",
        (2, Language::PtBr) => "esquerda",
        (_, Language::PtBr) => "direita",
    }
}

fn words(detail: &Detail, lang: Language) -> (String, String, String) {
    let en = lang == Language::En;
    let pick = |e: String, p: String| if en { e } else { p };
    let s = |e: &str, p: &str| if en { e.to_owned() } else { p.to_owned() };
    match detail {
        Detail::Undecodable => (
            s("The image is damaged", "A imagem está corrompida"),
            s(
                "It does not open completely: it may be truncated or corrupt, and the reviewer would see a broken picture.",
                "Ela não abre por completo: pode estar truncada ou corrompida, e o revisor veria uma imagem quebrada.",
            ),
            s("Export or photograph the document again and pick the new file.", "Exporte ou fotografe o documento novamente e escolha o novo arquivo."),
        ),
        Detail::PdfUnreadable => (
            s("The PDF is damaged", "O PDF está corrompido"),
            s("Its structure does not read: it may be truncated or corrupt.", "A estrutura dele não pode ser lida: pode estar truncado ou corrompido."),
            s("Save or scan the document to PDF again.", "Salve ou digitalize o documento em PDF novamente."),
        ),
        Detail::SmallPicture { width, height } => (
            s("The picture is too small", "A imagem é pequena demais"),
            pick(
                format!("It is {width} × {height} pixels: small print will not be readable."),
                format!("Ela tem {width} × {height} pixels: as letras pequenas não ficarão legíveis."),
            ),
            s("Photograph the document with the phone's main camera, close enough to fill most of the frame.", "Fotografe o documento com a câmera principal do celular, perto o bastante para ocupar quase todo o quadro."),
        ),
        Detail::LowResolution { kilobytes, dpi } => (
            s("The resolution is too low", "A resolução é baixa demais"),
            pick(
                format!(
                    "The file has {kilobytes} KB and {}: ID images need at least 100 KB or 300 DPI.",
                    dpi.map_or("no resolution stated".to_owned(), |d| format!("{d:.0} DPI"))
                ),
                format!(
                    "O arquivo tem {kilobytes} KB e {}: imagens de documento de identidade precisam de pelo menos 100 KB ou 300 DPI.",
                    dpi.map_or("nenhuma resolução informada".to_owned(), |d| format!("{d:.0} DPI"))
                ),
            ),
            s("Send the original photo (not one shrunk by a messaging app) or scan at 300 DPI.", "Envie a foto original (não uma reduzida por aplicativo de mensagens) ou digitalize a 300 DPI."),
        ),
        Detail::Blurred { sharpness } => (
            s("The picture looks blurred", "A imagem parece borrada"),
            pick(
                format!("Its sharpness is {sharpness:.0}, below {:.0}: the text will be hard to read.", super::MIN_SHARPNESS),
                format!("A nitidez é {sharpness:.0}, abaixo de {:.0}: o texto ficará difícil de ler.", super::MIN_SHARPNESS),
            ),
            s("Hold the phone steady, tap to focus on the text, in good light, or scan the document.", "Segure o celular firme, toque para focar no texto, com boa luz, ou digitalize o documento."),
        ),
        Detail::Glare { percent } => (
            s("There is glare on the document", "Há reflexo no documento"),
            pick(
                format!("A burnt-out white patch covers {percent:.1} % of the picture: whatever is under it cannot be read."),
                format!("Uma mancha branca estourada cobre {percent:.1} % da imagem: o que está embaixo dela não pode ser lido."),
            ),
            s("Photograph it again without flash, away from lamps and windows, tilting it slightly.", "Fotografe de novo sem flash, longe de lâmpadas e janelas, inclinando levemente o documento."),
        ),
        Detail::Cropped { sides } => {
            let names: Vec<&str> = sides.iter().map(|&i| side_name(i, lang)).collect();
            (
                s("The document seems cut off", "O documento parece cortado"),
                pick(
                    format!("It runs into the {} edge of the picture: all four corners must be visible.", names.join(", ")),
                    format!("Ele encosta na borda {} da imagem: os quatro cantos precisam estar visíveis.", names.join(", ")),
                ),
                s("Step back a little so the whole document fits with a margin around it.", "Afaste um pouco a câmera para o documento inteiro caber com uma margem ao redor."),
            )
        }
        Detail::Greyscale => (
            s("The picture is black and white", "A imagem está em preto e branco"),
            s("Reviewers reject black-and-white copies of documents.", "Os revisores recusam cópias de documentos em preto e branco."),
            s("Send a colour photo or a colour scan of the original.", "Envie uma foto colorida ou uma digitalização colorida do original."),
        ),
        Detail::Screenshot { reason } => (
            s("This looks like a screenshot", "Isto parece uma captura de tela"),
            match reason {
                ScreenshotSignal::Named(text) => pick(
                    format!("Its metadata says \u{201c}{text}\u{201d}."),
                    format!("Os metadados dizem \u{201c}{text}\u{201d}."),
                ),
                ScreenshotSignal::ScreenSize { width, height } => pick(
                    format!("It is exactly {width} × {height} pixels, a screen's size, and no camera took it."),
                    format!("Ela tem exatamente {width} × {height} pixels, o tamanho de uma tela, e nenhuma câmera a registrou."),
                ),
                ScreenshotSignal::PngWithoutCamera => s(
                    "The last file was rejected as a screenshot, and this one is a PNG no camera took.",
                    "O último arquivo foi recusado como captura de tela, e este é um PNG que nenhuma câmera registrou.",
                ),
            },
            s("Photograph or scan the physical document, or send the original PDF.", "Fotografe ou digitalize o documento físico, ou envie o PDF original."),
        ),
        Detail::Editor { program } => (
            s("It was saved by an editing program", "Foi salvo por um programa de edição"),
            pick(
                format!("Its metadata names \u{201c}{program}\u{201d}: reviewers reject documents that went through graphics or PDF editors."),
                format!("Os metadados citam \u{201c}{program}\u{201d}: os revisores recusam documentos que passaram por editores de imagem ou de PDF."),
            ),
            s("Send the file as it came from the camera, the scanner or the issuer, without editing it.", "Envie o arquivo como saiu da câmera, do scanner ou do emissor, sem editá-lo."),
        ),
        Detail::PdfEncrypted => (
            s("The PDF is password-protected", "O PDF está protegido por senha"),
            s("It is encrypted: the reviewer may not be able to open it.", "Ele está criptografado: o revisor pode não conseguir abri-lo."),
            s("Save a copy without a password (print to PDF) and send that.", "Salve uma cópia sem senha (imprimir em PDF) e envie essa cópia."),
        ),
        Detail::PdfPagesMissing { found, declared } => (
            s("Pages are missing from the PDF", "Faltam páginas no PDF"),
            pick(
                format!("It says it has {declared} pages but only {found} are there."),
                format!("Ele diz ter {declared} páginas, mas só {found} estão presentes."),
            ),
            s("Save or scan the whole document again: all pages must be sent.", "Salve ou digitalize o documento inteiro de novo: todas as páginas precisam ser enviadas."),
        ),
        Detail::PdfNoPages => (
            s("The PDF has no pages", "O PDF não tem páginas"),
            s("There is nothing for the reviewer to see.", "Não há nada para o revisor ver."),
            s("Save or scan the document to PDF again.", "Salve ou digitalize o documento em PDF novamente."),
        ),
        Detail::OnePageOnly => (
            s("Only one page", "Apenas uma página"),
            s("The reviewer asked for more pages, and this PDF has a single page.", "O revisor pediu mais páginas, e este PDF tem uma página só."),
            s("Send every page of the document in one PDF.", "Envie todas as páginas do documento em um único PDF."),
        ),
        Detail::OtherSideMissing => (
            s("The other side is needed too", "O outro lado também é necessário"),
            s("The reviewer asked for the other side of this document, and it has not been picked.", "O revisor pediu o outro lado deste documento, e ele ainda não foi escolhido."),
            s("Send both the front and the back.", "Envie a frente e o verso."),
        ),
        Detail::FrontEqualsBack => (
            s("Front and back are the same picture", "Frente e verso são a mesma imagem"),
            s("This file shows the same image as the other side of the document.", "Este arquivo mostra a mesma imagem do outro lado do documento."),
            s("Turn the document over and photograph the back.", "Vire o documento e fotografe o verso."),
        ),
        Detail::SameAsRejected { round, document, labels } => {
            let reasons = if labels.is_empty() { String::new() } else { format!(" ({})", labels.join(", ")) };
            (
                s("Lumx already rejected this file", "A Lumx já recusou este arquivo"),
                pick(
                    format!("It is the same file sent as {document} and rejected in RFI round {round}{reasons}. Sending it again usually brings the same RFI, and repeated rejections can end the case."),
                    format!("É o mesmo arquivo enviado como {document} e recusado na rodada {round} do RFI{reasons}. Enviá-lo de novo costuma gerar o mesmo RFI, e recusas repetidas podem encerrar o caso."),
                ),
                s("Get a new photo or scan from the customer. To send this one anyway, give the reason.", "Peça uma nova foto ou digitalização ao cliente. Para enviar este mesmo assim, informe o motivo."),
            )
        }
    }
}
