using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecipientTagsAttributesHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttributesJson",
                table: "Recipients",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "OptInChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ByUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OptInChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OptInChanges_Recipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "Recipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RecipientTags",
                columns: table => new
                {
                    RecipientId = table.Column<int>(type: "INTEGER", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecipientTags", x => new { x.RecipientId, x.Tag });
                    table.ForeignKey(
                        name: "FK_RecipientTags_Recipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "Recipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Recipients_CreatedUtc",
                table: "Recipients",
                column: "CreatedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Recipients_Name",
                table: "Recipients",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_OptInChanges_RecipientId_AtUtc",
                table: "OptInChanges",
                columns: new[] { "RecipientId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RecipientTags_Tag_RecipientId",
                table: "RecipientTags",
                columns: new[] { "Tag", "RecipientId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OptInChanges");

            migrationBuilder.DropTable(
                name: "RecipientTags");

            migrationBuilder.DropIndex(
                name: "IX_Recipients_CreatedUtc",
                table: "Recipients");

            migrationBuilder.DropIndex(
                name: "IX_Recipients_Name",
                table: "Recipients");

            migrationBuilder.DropColumn(
                name: "AttributesJson",
                table: "Recipients");
        }
    }
}
