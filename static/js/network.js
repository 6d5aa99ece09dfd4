// The map of the links between niches (collaboration, decision 57): draws the network the page
// embeds as JSON (#network-data) with Cytoscape.js. The table under the map holds the same data and
// is the page without JavaScript; this script only reveals and draws the map.
(function () {
  "use strict";

  // The categories' colours, the same as the legend's swatches in accord.css.
  var COLOURS = { leader: "#0b6e4f", associate: "#1f5fa8", emerging: "#a84d00", under_evaluation: "#6b4aa0" };

  function draw() {
    var section = document.querySelector("[data-network-map]");
    var container = document.getElementById("network-map");
    var source = document.getElementById("network-data");
    if (!section || !container || !source || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.nodes.length) {
      return;
    }
    section.hidden = false;
    var cy = window.cytoscape({
      container: container,
      elements: data.nodes.concat(data.edges),
      wheelSensitivity: 0.3,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "background-color": function (node) {
              return COLOURS[node.data("category")] || "#555555";
            },
            color: "#1a1a1a",
            "font-size": 10,
            "text-wrap": "wrap",
            "text-max-width": 120,
            "text-valign": "bottom",
            "text-margin-y": 4,
            width: 18,
            height: 18,
          },
        },
        {
          selector: "edge",
          style: {
            width: function (edge) {
              return Math.min(1 + edge.data("weight"), 10);
            },
            "line-color": "#8a8a8a",
            "curve-style": "bezier",
            opacity: 0.8,
          },
        },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#1a1a1a" } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
    });
    // A niche opens its links' page (the table's links do the same, by keyboard too).
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
