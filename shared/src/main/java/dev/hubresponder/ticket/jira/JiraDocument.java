package dev.hubresponder.ticket.jira;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.ticket.TicketContent;
import java.util.List;

/**
 * Renders {@link TicketContent} as an Atlassian Document Format document, the only description format Jira Cloud's
 * REST API v3 accepts.
 *
 * <p>ADF is a JSON tree, not markup: the finding's text goes into {@code text} nodes as JSON strings, where nothing
 * in it is interpreted, and the finding's description into a {@code codeBlock}, which keeps its line breaks and
 * takes no marks. Only the responder's own words carry marks (bold names, the link to the console). ADF rejects
 * empty text nodes, so an empty value is written as "(none)".
 */
final class JiraDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JiraDocument() {
    }

    static ObjectNode describe(TicketContent content) {
        ObjectNode doc = JSON.objectNode().put("version", 1).put("type", "doc");
        ArrayNode blocks = doc.putArray("content");
        blocks.add(paragraph(text("Security Hub finding, opened by hub-responder. "),
                link("Open it in the Security Hub console", content.findingUrl())));
        if (!content.previousTickets().isEmpty()) {
            blocks.add(paragraph(text("This finding came back after its earlier ticket was closed: "
                    + String.join(", ", content.previousTickets()) + ".")));
        }
        blocks.add(heading("Finding"));
        ArrayNode facts = JSON.arrayNode();
        for (TicketContent.Fact fact : content.facts()) {
            facts.add(fact.isList()
                    ? listItem(paragraph(strong(fact.name() + ":")), bulletList(fact.values()))
                    : listItem(paragraph(strong(fact.name() + ": "),
                    text(fact.values().isEmpty() ? "(none)" : fact.values().get(0)))));
        }
        blocks.add(JSON.objectNode().put("type", "bulletList").set("content", facts));
        blocks.add(heading("What the responder did"));
        blocks.add(content.done().isEmpty() ? paragraph(text("Nothing: it opened this ticket only."))
                : bulletList(content.done()));
        if (!content.refused().isEmpty()) {
            blocks.add(heading("What the responder refused to do"));
            blocks.add(bulletList(content.refused()));
        }
        if (!content.description().isEmpty()) {
            blocks.add(heading("Description from the finding"));
            ObjectNode code = JSON.objectNode().put("type", "codeBlock");
            code.putArray("content").add(text(content.description()));
            blocks.add(code);
        }
        blocks.add(paragraph(text("The responder finds this issue again by its label "),
                code(content.dedupLabel()), text("; keep it, or a new issue may be opened for the same finding.")));
        return doc;
    }

    private static ObjectNode heading(String title) {
        ObjectNode heading = JSON.objectNode().put("type", "heading");
        heading.putObject("attrs").put("level", 3);
        heading.putArray("content").add(text(title));
        return heading;
    }

    private static ObjectNode bulletList(List<String> values) {
        ArrayNode items = JSON.arrayNode();
        values.forEach(value -> items.add(listItem(paragraph(text(value.isEmpty() ? "(none)" : value)))));
        return JSON.objectNode().put("type", "bulletList").set("content", items);
    }

    private static ObjectNode listItem(ObjectNode... blocks) {
        ObjectNode item = JSON.objectNode().put("type", "listItem");
        ArrayNode content = item.putArray("content");
        for (ObjectNode block : blocks) {
            content.add(block);
        }
        return item;
    }

    private static ObjectNode paragraph(ObjectNode... inline) {
        ObjectNode paragraph = JSON.objectNode().put("type", "paragraph");
        ArrayNode content = paragraph.putArray("content");
        for (ObjectNode node : inline) {
            content.add(node);
        }
        return paragraph;
    }

    private static ObjectNode text(String text) {
        return JSON.objectNode().put("type", "text").put("text", text);
    }

    private static ObjectNode strong(String text) {
        ObjectNode node = text(text);
        node.putArray("marks").addObject().put("type", "strong");
        return node;
    }

    private static ObjectNode code(String text) {
        ObjectNode node = text(text);
        node.putArray("marks").addObject().put("type", "code");
        return node;
    }

    private static ObjectNode link(String text, String href) {
        ObjectNode node = text(text);
        node.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", href);
        return node;
    }
}
