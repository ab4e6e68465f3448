import sys
from xml.sax.saxutils import escape
rows = [
 ["00123","Théière en fonte émaillée 1,2 L avec infuseur en inox, pour thé vert et thé noir, 4 tasses","Maison > Cuisine > Thé","Sans marque",24.9,15,5,"ES","2024-05-31"],
 ["004560","Lampe de bureau LED rechargeable, 3 modes d'éclairage, port USB-C, bras pliable","Maison > Éclairage","Lumière",1234.5,0,3,"ES","2024-01-15"],
 ["0789","Pull en laine mérinos","Mode > Pulls","Sans marque",39,8,6,"ES","2023-11-02"],
 ["10001","Lampe de bureau LED rechargeable, 3 modes d'éclairage, port USB-C, bras pliable","Maison > Éclairage","Lumière",19.99,4,5,"ES","2024-02-29"],
 ["10002","Couverture polaire douce 150 x 200 cm, plaid chaud pour canapé et lit, gris","Maison > Textile","Sans marque",None,12,5,"ES","2024-03-10"],
 ["10003","Café moulu arabica 250 g, torréfaction artisanale, notes de chocolat et noisette","Épicerie > Café","Sans marque",0,30,5,"ES","2024-04-01"],
]
en = ["Product ID","Title","Category","Brand","Price","Stock","Images","Ship To","Created"]
zh = ["商品ID","商品标题","类目","品牌","价格","库存","图片","发货国家","上架时间"]
def fods(header, name):
    out = ['''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:number-style style:name="N1"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:date-style style:name="N2"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<number:text-style style:name="N3"><number:text-content/></number:text-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>
<style:style style:name="ce3" style:family="table-cell" style:data-style-name="N3"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="%s">''' % name]
    out.append('<table:table-row>' + ''.join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape(h) for h in header) + '</table:table-row>')
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            if v is None:
                cells.append('<table:table-cell/>')
            elif i == 0:
                cells.append('<table:table-cell table:style-name="ce3" office:value-type="string"><text:p>%s</text:p></table:table-cell>' % v)
            elif i == 4:
                cells.append('<table:table-cell table:style-name="ce1" office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v))
            elif i in (5, 6):
                cells.append('<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v))
            elif i == 8:
                cells.append('<table:table-cell table:style-name="ce2" office:value-type="date" office:date-value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v))
            else:
                cells.append('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape(v))
        out.append('<table:table-row>' + ''.join(cells) + '</table:table-row>')
    out.append('</table:table></office:spreadsheet></office:body></office:document>\n')
    return '\n'.join(out)
if __name__ == "__main__":
    open('catalog.fods', 'w', encoding='utf-8').write(fods(en, 'Catalogue'))
    open('catalog-zh.fods', 'w', encoding='utf-8').write(fods(zh, '商品'))
    # the UTF-8 comma-separated twin, written by hand (Python csv)
    import csv
    with open('catalog-utf8.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(en)
        for r in rows:
            w.writerow(['' if v is None else v for v in r])
