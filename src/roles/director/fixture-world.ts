import type { DirectorWorld } from "./world.js";

/**
 * A small hand-written world for the Director's tests, and the stand-in the data build
 * uses while `world/canon` cannot be loaded. Names follow the sample world (Inés at
 * H-0412, Aurelio at H-0420) but nothing here is canon: the canon files win.
 */
export const FIXTURE_WORLD: DirectorWorld = {
  npcs: [
    { id: "aurelio", name: "Aurelio", home: "H-0420", first_chapter: 1 },
    { id: "casiano", name: "Casiano the Purifier", home: "H-0415", first_chapter: 2 },
    { id: "dolores", name: "Dolores, the blind reader", home: "H-0409", first_chapter: 2 },
    { id: "ines", name: "Hermana Inés", home: "H-0412", first_chapter: 1 },
    { id: "lucio", name: "Lucio, who reads backwards", home: "H-0418", first_chapter: 3 },
    { id: "tomas", name: "Tomás the pilgrim", home: "H-0401", first_chapter: 1 },
  ],
  places: [
    { id: "empty-hexagon", hexagon: "H-0418", name: "The Empty Hexagon", first_chapter: 3 },
    { id: "lamp-gallery", hexagon: "H-0430", name: "The Gallery of Lamps", first_chapter: 3 },
    { id: "last-landing", hexagon: "H-0399", name: "The Last Landing", first_chapter: 4 },
    { id: "map-room", hexagon: "H-0420", name: "The Map Room", first_chapter: 1 },
    { id: "north-stair", hexagon: "H-0413", name: "The North Staircase", first_chapter: 1 },
    { id: "pilgrims-gallery", hexagon: "H-0401", name: "The Pilgrims' Gallery", first_chapter: 1 },
    { id: "reading-room", hexagon: "H-0412", name: "The Reading Room", first_chapter: 1 },
    { id: "scorched-hexagon", hexagon: "H-0415", name: "The Scorched Hexagon", first_chapter: 2 },
    { id: "the-well", hexagon: "H-0409", name: "The Well", first_chapter: 2 },
  ],
  books: [
    { id: "against-the-lamps", title: "Against the Lamps", hexagon: "H-0430", first_chapter: 3 },
    { id: "ash-poems", title: "Poems Written in Ash", hexagon: "H-0415", first_chapter: 2 },
    { id: "catalogue-of-lamps", title: "A Catalogue of Lamps That Never Went Out", hexagon: "H-0412", first_chapter: 1 },
    { id: "cronica-purificadores", title: "Crónica de los Purificadores", hexagon: "H-0415", first_chapter: 2 },
    { id: "cuaderno-de-escaleras", title: "Cuaderno de escaleras", hexagon: "H-0420", first_chapter: 1 },
    { id: "descent-log", title: "Log of the Descent", hexagon: "H-0409", first_chapter: 2 },
    { id: "indice-de-indices", title: "Índice de los Índices", hexagon: "H-0430", first_chapter: 4 },
    { id: "last-page", title: "The Last Page", hexagon: "H-0399", first_chapter: 4 },
    { id: "mcv", title: "MCV dhxl ñ", hexagon: "H-0413", first_chapter: 1 },
    { id: "pilgrims-psalter", title: "The Pilgrims' Psalter", hexagon: "H-0401", first_chapter: 1 },
    { id: "tratado-hexagono-vacio", title: "Tratado del Hexágono Vacío", hexagon: "H-0412", first_chapter: 1 },
    { id: "vindicacion-de-nadie", title: "Vindicación de Nadie", hexagon: "H-0418", first_chapter: 3 },
  ],
  chapters: [
    {
      n: 1,
      quests: [
        { id: "misfiled-book", name: "The Misfiled Book" },
        { id: "count-the-stairs", name: "Counting the Stairs" },
      ],
    },
    {
      n: 2,
      quests: [
        { id: "descent-to-the-well", name: "The Descent to the Well" },
        { id: "save-the-chronicle", name: "Saving the Chronicle" },
      ],
    },
    {
      n: 3,
      quests: [
        { id: "the-empty-shelf", name: "The Empty Shelf" },
        { id: "backward-reader", name: "The Backward Reader's Riddle" },
      ],
    },
    { n: 4, quests: [{ id: "index-of-indexes", name: "The Index of Indexes" }] },
  ],
};
