-- Maillage's pandoc filter for `maillage importer` (pandoc 2.17+, run as a separate process).
-- It makes a Word document (read with --track-changes=all) into Markdown a Maillage page holds,
-- and says on standard error, one line each, what could not come across as it was:
--   MAILLAGE <TAB> code <TAB> place <TAB> detail
-- place is the section the thing was in (the last heading before it, or « début du document »).
-- Codes: title, image, comment, insertion, deletion, note, fake-heading, merged-cells,
-- table-header, internal-link, raw.

local section = "début du document"
local notes = pandoc.List()
local images = 0
local shift = 0
local last_level = 2

local function clean(s)
  return (s:gsub("[\t\r\n]+", " "):gsub("^%s+", ""):gsub("%s+$", ""))
end

-- At most `limit` characters of a text, cut at a word.
local function cut(s, limit)
  if utf8.len(s) == nil or utf8.len(s) <= limit then return s end
  local short = s:sub(1, utf8.offset(s, limit + 1) - 1)
  local word = short:gsub("%s+[^%s]*$", "")
  return clean(word ~= "" and word or short) .. "…"
end

local function quote(inlines, limit)
  return cut(clean(pandoc.utils.stringify(inlines)), limit or 80)
end

local function say(code, detail)
  io.stderr:write("MAILLAGE\t" .. code .. "\t" .. clean(section) .. "\t" .. clean(detail) .. "\n")
end

local function has_class(el, name)
  for _, c in ipairs(el.classes or {}) do if c == name then return true end end
  return false
end

local function who(el)
  local a = el.attributes or {}
  local s = ""
  if a.author and a.author ~= "" then s = " par " .. a.author end
  if a.date and a.date ~= "" then s = s .. " le " .. a.date:sub(1, 10) end
  return s
end

-- Inlines: tracked changes (insertions kept, deletions dropped), comments, notes, images.
local inline_filter = {
  Span = function(el)
    if has_class(el, "insertion") then
      say("insertion", "ajout suivi" .. who(el) .. ", accepté : « " .. quote(el.content) .. " »")
      return el.content
    elseif has_class(el, "deletion") then
      say("deletion", "suppression suivie" .. who(el) .. ", acceptée (le texte est retiré) : « " .. quote(el.content) .. " »")
      return {}
    elseif has_class(el, "comment-start") then
      say("comment", "commentaire" .. who(el) .. " retiré : « " .. quote(el.content, 160) .. " »")
      return {}
    elseif has_class(el, "comment-end") then
      return {}
    end
    -- Any other span (a bookmark, a small-caps or custom style): its text.
    return el.content
  end,
  -- Marks a page of the site does not write (it would be raw HTML): their text.
  Underline = function(el) return el.content end,
  SmallCaps = function(el) return el.content end,
  Superscript = function(el) return el.content end,
  Subscript = function(el) return el.content end,
  -- A link inside the document (a bookmark, a cross-reference, a field code) leads nowhere
  -- on the site: its text stays.
  Link = function(el)
    local t = el.target or ""
    if t:match("^https?://") or t:match("^mailto:") then return nil end
    say("internal-link", "lien vers « " .. cut(t, 60) .. " » (un signet ou un renvoi du document) retiré, son texte « " .. quote(el.content, 60) .. " » est gardé")
    return el.content
  end,
  RawInline = function(el)
    say("raw", "code « " .. el.format .. " » du document retiré : « " .. cut(clean(el.text), 60) .. " »")
    return {}
  end,
  Note = function(el)
    notes:insert(el.content)
    local n = #notes
    say("note", "note de bas de page " .. n .. " placée en fin de page, appelée « (note " .. n .. ") »")
    return pandoc.Str(" (note " .. n .. ")")
  end,
  Image = function(el)
    images = images + 1
    local alt = clean(pandoc.utils.stringify(el.caption))
    -- The importer publishes it beside the page and writes its address in place of `src`.
    io.stderr:write("MAILLAGE\timage\t" .. clean(section) .. "\t" .. images .. "\t" .. el.src .. "\t" .. alt .. "\n")
    el.src = "maillage-image-" .. images
    el.attributes = {}
    el.title = ""
    return el
  end,
}

-- A table as a GFM pipe table, through a grid: merged cells are split (their text in the first
-- cell), a missing header row is the first row, a cell's paragraphs and lists are joined.
local function cell_text(blocks)
  local parts = {}
  for _, b in ipairs(blocks) do
    local text
    if b.t == "Para" or b.t == "Plain" then
      text = pandoc.write and clean(pandoc.write(pandoc.Pandoc({pandoc.Plain(b.content)}), "gfm")) or clean(pandoc.utils.stringify(b))
    else
      text = clean(pandoc.utils.stringify(b))
    end
    if text ~= "" then table.insert(parts, text) end
  end
  return (table.concat(parts, " ; "):gsub("|", "\\|"))
end

local tables = 0
local function pipe_table(tbl)
  tables = tables + 1
  local rows = {}
  local head_rows = 0
  for _, r in ipairs(tbl.head.rows) do table.insert(rows, r); head_rows = head_rows + 1 end
  for _, body in ipairs(tbl.bodies) do
    for _, r in ipairs(body.head) do table.insert(rows, r) end
    for _, r in ipairs(body.body) do table.insert(rows, r) end
  end
  for _, r in ipairs(tbl.foot.rows) do table.insert(rows, r) end
  local width = #tbl.colspecs
  local grid = {}
  local merged = {}
  for i = 1, #rows do grid[i] = grid[i] or {} end
  for i, row in ipairs(rows) do
    local col = 1
    for _, cell in ipairs(row.cells) do
      while grid[i][col] ~= nil do col = col + 1 end
      local rs, cs = cell.row_span or 1, cell.col_span or 1
      local text = cell_text(cell.contents)
      if rs > 1 or cs > 1 then
        table.insert(merged, "ligne " .. i .. ", colonne " .. col .. " (« " .. (text ~= "" and cut(text, 40) or "vide") .. " », "
          .. (cs > 1 and (cs .. " colonnes") or "") .. ((cs > 1 and rs > 1) and " et " or "") .. (rs > 1 and (rs .. " lignes") or "") .. ")")
      end
      for di = 0, rs - 1 do
        grid[i + di] = grid[i + di] or {}
        for dj = 0, cs - 1 do
          grid[i + di][col + dj] = (di == 0 and dj == 0) and text or ""
        end
      end
      col = col + cs
      if col - 1 > width then width = col - 1 end
    end
  end
  if #merged > 0 then
    say("merged-cells", "tableau " .. tables .. " : cellules fusionnées séparées, leur texte est dans la première : " .. table.concat(merged, " ; "))
  end
  local header_empty = true
  if head_rows > 0 then
    for j = 1, width do if (grid[1][j] or "") ~= "" then header_empty = false end end
  end
  local lines = {}
  local function line(cells)
    local out = {}
    for j = 1, width do table.insert(out, cells[j] or "") end
    return "| " .. table.concat(out, " | ") .. " |"
  end
  local first = 1
  if head_rows == 0 or header_empty then
    if head_rows > 0 then first = 2 end
    say("table-header", "tableau " .. tables .. " : pas de ligne d’en-tête lisible, la première ligne en tient lieu : vérifiez-la")
  end
  if #grid < first then return {} end
  table.insert(lines, line(grid[first]))
  local sep = {}
  for _ = 1, width do table.insert(sep, "---") end
  table.insert(lines, "| " .. table.concat(sep, " | ") .. " |")
  for i = first + 1, #grid do table.insert(lines, line(grid[i])) end
  return pandoc.RawBlock("markdown", table.concat(lines, "\n"))
end

local function only_strong(inlines)
  local strong = nil
  for _, x in ipairs(inlines) do
    if x.t == "Strong" then
      if strong then return nil end
      strong = x
    elseif x.t ~= "Space" and x.t ~= "SoftBreak" and x.t ~= "LineBreak" then
      return nil
    end
  end
  return strong
end

function Pandoc(doc)
  if doc.meta.title then
    say("title", pandoc.utils.stringify(doc.meta.title))
  end
  -- Headings start at ## on a page (its title is the # heading).
  local top = 9
  for _, b in ipairs(doc.blocks) do
    if b.t == "Header" and b.level < top then top = b.level end
  end
  if top < 9 then shift = 2 - top end
  local out = pandoc.List()
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" then
      section = pandoc.utils.stringify(block.content)
      block.level = math.min(6, math.max(2, block.level + shift))
      last_level = block.level
      out:insert(pandoc.walk_block(block, inline_filter))
    elseif block.t == "Para" and only_strong(block.content) then
      local text = clean(pandoc.utils.stringify(block.content))
      if #text <= 80 and not text:match("[%.;,]$") then
        say("fake-heading", "ligne en gras « " .. text .. " » devenue un intertitre (niveau " .. last_level .. ") : vérifiez")
        section = text
        out:insert(pandoc.Header(last_level, only_strong(block.content).content))
      else
        out:insert(pandoc.walk_block(block, inline_filter))
      end
    elseif block.t == "RawBlock" then
      say("raw", "bloc « " .. block.format .. " » du document retiré : « " .. cut(clean(block.text), 60) .. " »")
    elseif block.t == "Table" then
      out:insert(pipe_table(pandoc.walk_block(block, inline_filter)))
    else
      out:insert(pandoc.walk_block(block, inline_filter))
    end
  end
  if #notes > 0 then
    out:insert(pandoc.Header(2, {pandoc.Str("Notes")}))
    local items = pandoc.List()
    for _, n in ipairs(notes) do items:insert(n) end
    out:insert(pandoc.OrderedList(items))
  end
  return pandoc.Pandoc(out, doc.meta)
end
